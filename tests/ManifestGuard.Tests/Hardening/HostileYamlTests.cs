using System.Diagnostics;
using System.Text;
using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Hardening;

/// <summary>
/// Files a hostile pull request can put in front of the scanner. Each one ends within 2 s with a clean
/// result or an MG901 finding, allocating less than 200 MB, and never overflows the stack (which .NET
/// cannot catch: the test process itself would die). The scan runs on the test's own thread (stdin
/// path, one degree of parallelism) so the allocation count is this scan's alone.
/// </summary>
[Collection(HardeningGroup.Name)]
public sealed class HostileYamlTests
{
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(2);
    private const long AllocationBound = 200L * 1024 * 1024;

    public static TheoryData<string> Cases => [.. HostileInputs.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ends_quickly_with_a_clean_result_or_one_parse_error(string name)
    {
        var text = HostileInputs.Text(name);

        var (findings, elapsed, allocated) = Measure(text);

        Assert.True(elapsed < TimeBound, $"{name}: took {elapsed}");
        Assert.True(allocated < AllocationBound, $"{name}: allocated {allocated / 1024 / 1024} MiB");
        var parseErrors = findings.Where(f => f.RuleId == RuleIds.ManifestParseError).ToList();
        Assert.True(parseErrors.Count <= 1, $"{name}: {parseErrors.Count} MG901 findings");
        Assert.Equal(HostileInputs.ExpectsParseError(name), parseErrors.Count == 1);
        Assert.All(findings, f => Assert.True(f.Message.Length < 2_000, $"{name}: a {f.Message.Length}-character message"));
    }

    [Fact]
    public void Ten_thousand_levels_of_flow_nesting_are_refused_at_the_depth_limit()
    {
        var (findings, _, _) = Measure(HostileInputs.Text("flow-nesting-10000"));

        var error = Assert.Single(findings);
        Assert.Equal(RuleIds.ManifestParseError, error.RuleId);
        Assert.Contains("nesting deeper than 1000 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_levels_of_block_nesting_are_refused_at_the_depth_limit()
    {
        var (findings, _, _) = Measure(HostileInputs.Text("block-nesting-10000"));

        var error = Assert.Single(findings);
        Assert.Contains("nesting deeper than 1000 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_a_parse_error_at_the_second_key()
    {
        var (findings, _, _) = Measure("apiVersion: v1\nkind: Pod\nkind: Deployment\n");

        var error = Assert.Single(findings);
        Assert.Equal(RuleIds.ManifestParseError, error.RuleId);
        Assert.Contains("duplicate key \"kind\"", error.Message, StringComparison.Ordinal);
        Assert.Equal((3, 1), (error.Span.StartLine, error.Span.StartColumn));
    }

    [Fact]
    public void A_container_list_shared_by_aliases_across_a_List_is_read_once_not_once_per_item()
    {
        // 2,000 containers under one anchor, then 2,000 List items whose pods all alias that list: expanded,
        // four million image references (and as many findings) from a file of a few hundred KB.
        var (findings, elapsed, allocated) = Measure(HostileInputs.Text("list-of-aliased-pods"));

        Assert.True(elapsed < TimeBound, $"took {elapsed}");
        Assert.True(allocated < AllocationBound, $"allocated {allocated / 1024 / 1024} MiB");
        // Each image scalar has one place in the file and is reported there once.
        Assert.Equal(HostileInputs.AliasedContainers, findings.Count(f => f.RuleId == RuleIds.ImageNotPinned));
        Assert.Equal(findings.Count, findings.Select(f => (f.RuleId, f.Span.StartOffset)).Distinct().Count());
    }

    [Fact]
    public void Binary_tags_and_custom_tags_are_read_as_the_text_they_carry()
    {
        const string Manifest = "apiVersion: v1\nkind: !custom Pod\nmetadata: !!map {name: p}\nspec:\n  containers:\n    - name: a\n      image: !!binary bmdpbng6MS4yNQ==\n    - name: b\n      image: !<tag:example.com,2025:img> busybox:1.36\n";

        var (findings, _, _) = Measure(Manifest);

        Assert.DoesNotContain(findings, f => f.RuleId == RuleIds.ManifestParseError);
        // The tag is not decoded: the base64 text is what a reader of the file sees, and it is the reference checked.
        Assert.Contains(findings, f => f.Image == "bmdpbng6MS4yNQ==");
        Assert.Contains(findings, f => f.Image == "busybox:1.36" && f.RuleId == RuleIds.ImageNotPinned);
    }

    internal static (IReadOnlyList<Finding> Findings, TimeSpan Elapsed, long Allocated) Measure(string text)
    {
        var scanner = new ManifestScanner(ManifestGuardConfig.Default, RuleCatalog.Default) { MaxParallelism = 1 };
        var source = new SourceText("hostile.yaml", null, text);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = scanner.Scan([], Path.GetTempPath(), source);
        clock.Stop();
        return (result.Findings, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

/// <summary>The hostile inputs, by name: generated, so a failing case can be reproduced from its name alone.</summary>
internal static class HostileInputs
{
    public const int AliasedContainers = 2000;

    private const string PodHead = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n";

    public static readonly string[] Names =
    [
        "billion-laughs",
        "billion-laughs-as-containers",
        "list-of-aliased-pods",
        "flow-nesting-10000",
        "block-nesting-10000",
        "block-mapping-nesting-2000",
        "long-line-5mb",
        "long-image-scalar-2mb",
        "long-block-scalar-5mb",
        "binary-1mb",
        "invalid-utf8",
        "nul-bytes",
        "duplicate-keys",
        "binary-and-custom-tags",
        "many-documents",
        "many-anchors",
        "unclosed-flow",
        "control-characters",
    ];

    public static bool ExpectsParseError(string name) => name is "flow-nesting-10000" or "block-nesting-10000" or "block-mapping-nesting-2000"
        or "binary-1mb" or "duplicate-keys" or "unclosed-flow";

    public static string Text(string name) => name switch
    {
        "billion-laughs" => BillionLaughs(containersAlias: false),
        "billion-laughs-as-containers" => BillionLaughs(containersAlias: true),
        "list-of-aliased-pods" => ListOfAliasedPods(),
        "flow-nesting-10000" => new string('[', 10_000) + new string(']', 10_000) + "\n",
        "block-nesting-10000" => string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n",
        "block-mapping-nesting-2000" => string.Concat(Enumerable.Range(0, 2000).Select(i => new string(' ', i) + "a:\n")) + new string(' ', 2000) + "x\n",
        "long-line-5mb" => PodHead + "    - name: a\n      image: nginx:1.25 # " + new string('x', 5_000_000) + "\n",
        "long-image-scalar-2mb" => PodHead + "    - name: a\n      image: \"" + new string('a', 2_000_000) + ":1\"\n",
        "long-block-scalar-5mb" => PodHead + "    - name: a\n      image: nginx:1.25\n      args:\n        - |\n" + string.Concat(Enumerable.Repeat("          " + new string('y', 990) + "\n", 5000)),
        "binary-1mb" => SourceReader.Decode(RandomBytes(1_000_000)),
        "invalid-utf8" => SourceReader.Decode([.. Encoding.UTF8.GetBytes(PodHead + "    - name: a\n      image: nginx"), 0xC3, 0x28, 0xFF, 0xFE, .. ":1.25\n"u8]),
        "nul-bytes" => PodHead + "    - name: a\0\0\n      image: nginx:1.25\0\n",
        "duplicate-keys" => PodHead + "    - name: a\n      image: nginx:1.25\n      image: evil.example.com/x:1\n",
        "binary-and-custom-tags" => "apiVersion: v1\nkind: !Pod Pod\nmetadata: !!map {name: p}\nspec:\n  containers: !!seq\n    - name: a\n      image: !!binary aGVsbG8=\n      blob: !!binary |\n        " + Convert.ToBase64String(RandomBytes(30_000)) + "\n    - !custom {name: b, image: !<tag:x,2025:y> busybox:1.36}\n",
        "many-documents" => string.Concat(Enumerable.Repeat("---\n", 100_000)) + "---\n" + PodHead + "    - name: a\n      image: nginx:1.25\n",
        "many-anchors" => "x:\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"  k{i}: &a{i} v{i}\n")) + "y: [" + string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"*a{i}")) + "]\n",
        "unclosed-flow" => "a: [b, {c: d\ne: f\n" + PodHead,
        "control-characters" => PodHead + "    - name: a\n      image: \"nginx\u0001\u001b[31m:1.25\"\n      x: \u0007\u0008\n",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such hostile input"),
    };

    /// <summary>Nine levels of nine aliases: 9^9 scalars if anything expanded it.</summary>
    private static string BillionLaughs(bool containersAlias)
    {
        var text = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\nx-bomb:\n  a: &a {name: c, image: nginx:1.25}\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            text.Append("  ").Append(level).Append(": &").Append(level).Append(" [").Append(string.Join(",", Enumerable.Repeat("*" + (char)(level - 1), 9))).Append("]\n");
        }
        text.Append(containersAlias ? "spec:\n  containers: *b\n  initContainers: *i\n  volumes: *i\n" : "spec:\n  containers: [*a]\n  x: *i\n");
        return text.ToString();
    }

    private static string ListOfAliasedPods()
    {
        var text = new StringBuilder("apiVersion: v1\nkind: List\nx-containers: &c\n");
        for (var i = 0; i < AliasedContainers; i++)
        {
            text.Append("  - {name: c").Append(i).Append(", image: registry.example.com/app").Append(i).Append(":1}\n");
        }
        text.Append("items:\n");
        for (var i = 0; i < AliasedContainers; i++)
        {
            text.Append("  - {apiVersion: v1, kind: Pod, metadata: {name: p").Append(i).Append("}, spec: {containers: *c}}\n");
        }
        return text.ToString();
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(7).NextBytes(bytes);
        return bytes;
    }
}
