using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Hardening;

/// <summary>
/// Files a hostile pull request can put in front of the scanner. Each one ends with a clean result or one
/// MG901 finding with a short message, allocates less than 200 MB (nothing an alias names is expanded),
/// and never overflows the stack (which .NET cannot catch: the test process itself would die). The scan
/// runs on the test's own thread (stdin path, one degree of parallelism), so the allocation count is this
/// scan's alone, whatever runs beside it. How long each takes is measured in bench/, not here.
/// </summary>
public sealed class HostileYamlTests
{
    private const long AllocationBound = 200L * 1024 * 1024;

    public static TheoryData<string> Cases => [.. HostileInputs.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ends_with_a_clean_result_or_one_parse_error_and_bounded_allocation(string name)
    {
        var text = HostileInputs.Text(name);

        var (findings, allocated) = Measure(text);

        Assert.True(allocated < AllocationBound, $"{name}: allocated {allocated / 1024 / 1024} MiB");
        var parseErrors = findings.Where(f => f.RuleId == RuleIds.ManifestParseError).ToList();
        Assert.True(parseErrors.Count <= 1, $"{name}: {parseErrors.Count} MG901 findings");
        Assert.Equal(HostileInputs.ExpectsParseError(name), parseErrors.Count == 1);
        Assert.All(findings, f => Assert.True(f.Message.Length < 2_000, $"{name}: a {f.Message.Length}-character message"));
    }

    [Fact]
    public void Ten_thousand_levels_of_flow_nesting_are_refused_at_the_depth_limit()
    {
        var (findings, _) = Measure(HostileInputs.Text("flow-nesting-10000"));

        var error = Assert.Single(findings);
        Assert.Equal(RuleIds.ManifestParseError, error.RuleId);
        Assert.Contains("nesting deeper than 1000 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_levels_of_block_nesting_are_refused_at_the_depth_limit()
    {
        var (findings, _) = Measure(HostileInputs.Text("block-nesting-10000"));

        var error = Assert.Single(findings);
        Assert.Contains("nesting deeper than 1000 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_a_parse_error_at_the_second_key()
    {
        var (findings, _) = Measure("apiVersion: v1\nkind: Pod\nkind: Deployment\n");

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
        var (findings, allocated) = Measure(HostileInputs.Text("list-of-aliased-pods"));

        Assert.True(allocated < AllocationBound, $"allocated {allocated / 1024 / 1024} MiB");
        // Each image scalar has one place in the file and is reported there once.
        Assert.Equal(HostileInputs.AliasedContainers, findings.Count(f => f.RuleId == RuleIds.ImageNotPinned));
        Assert.Equal(findings.Count, findings.Select(f => (f.RuleId, f.Span.StartOffset)).Distinct().Count());
    }

    [Fact]
    public void Binary_tags_and_custom_tags_are_read_as_the_text_they_carry()
    {
        const string Manifest = "apiVersion: v1\nkind: !custom Pod\nmetadata: !!map {name: p}\nspec:\n  containers:\n    - name: a\n      image: !!binary bmdpbng6MS4yNQ==\n    - name: b\n      image: !<tag:example.com,2025:img> busybox:1.36\n";

        var (findings, _) = Measure(Manifest);

        Assert.DoesNotContain(findings, f => f.RuleId == RuleIds.ManifestParseError);
        // The tag is not decoded: the base64 text is what a reader of the file sees, and it is the reference checked.
        Assert.Contains(findings, f => f.Image == "bmdpbng6MS4yNQ==");
        Assert.Contains(findings, f => f.Image == "busybox:1.36" && f.RuleId == RuleIds.ImageNotPinned);
    }

    internal static (IReadOnlyList<Finding> Findings, long Allocated) Measure(string text)
    {
        var scanner = new ManifestScanner(ManifestGuardConfig.Default, RuleCatalog.Default) { MaxParallelism = 1 };
        var source = new SourceText("hostile.yaml", null, text);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = scanner.Scan([], Path.GetTempPath(), source);
        return (result.Findings, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
