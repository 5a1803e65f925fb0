using System.Diagnostics;
using ManifestGuard.Rules;
using Xunit;

namespace ManifestGuard.Tests.Hardening;

/// <summary>Inputs fuzz/run.sh found, kept as tests of the fix (afl's file names say which target found them).</summary>
[Collection(HardeningGroup.Name)]
public sealed class FuzzRegressionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    /// <summary>
    /// image-config, hangs/id:000000 (482 bytes): the registrySources pattern, run by .NET's backtracking
    /// engine, took about 4 s on one 90-character entry; RE2, which the platform uses, is linear.
    /// </summary>
    [Fact]
    public void A_registry_source_with_a_long_path_component_is_judged_at_once()
    {
        const string Found = "apiVersion: config.openshift.io/v1\nkind: Image\nmetadata:\n  name: cluster\nspec:\n  registrySources:\n    allowedRegistries:\n    - quay.io\n    - docker.io/lirrrrrrrrrrrrrrrrrrrrrbrrb pull only from these regiszrieegistry.k8s.io\n";

        var (findings, elapsed) = Scan(Found);

        Assert.True(elapsed < Bound, $"took {elapsed}");
        var problem = Assert.Single(findings, f => f.RuleId == RuleIds.InvalidImagePolicy);
        Assert.Equal(9, problem.Span.StartLine);
    }

    [Theory]
    [InlineData("allowedRegistries")]
    [InlineData("blockedRegistries")]
    public void Registry_sources_built_to_backtrack_are_judged_at_once(string key)
    {
        // Runs of path characters ending in one that cannot match: worst case for nested repetitions.
        var entries = new[] { "docker.io/" + new string('r', 240) + " x", "a.io/" + string.Concat(Enumerable.Repeat("a-", 120)) + "!", "b.io/" + string.Concat(Enumerable.Repeat("a__", 80)) + "_" };
        var manifest = "apiVersion: config.openshift.io/v1\nkind: Image\nmetadata:\n  name: cluster\nspec:\n  registrySources:\n    " + key + ":\n"
            + string.Concat(entries.Select(e => $"    - \"{e}\"\n"));

        var (findings, elapsed) = Scan(manifest);

        Assert.True(elapsed < Bound, $"took {elapsed}");
        Assert.Equal(entries.Length, findings.Count(f => f.RuleId == RuleIds.InvalidImagePolicy));
    }

    [Fact]
    public void Image_policy_scopes_built_to_backtrack_are_judged_at_once()
    {
        var scope = "quay.io/" + string.Concat(Enumerable.Repeat("a-", 200)) + "!";
        var manifest = "apiVersion: config.openshift.io/v1\nkind: ClusterImagePolicy\nmetadata:\n  name: p\nspec:\n  scopes:\n    - \"" + scope + "\"\n"
            + "  policy:\n    rootOfTrust:\n      policyType: PublicKey\n      publicKey:\n        keyData: " + Convert.ToBase64String("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"u8.ToArray()) + "\n";

        var (findings, elapsed) = Scan(manifest);

        Assert.True(elapsed < Bound, $"took {elapsed}");
        Assert.Contains(findings, f => f.RuleId == RuleIds.InvalidImagePolicy);
    }

    /// <summary>
    /// yaml-fast-path, crashes/id:000000 (69 bytes, reduced here to its cause): a document left out for its
    /// empty `kind` had a quoted key with an escape in a mapping that was not built; the fast path
    /// declined the file with the scan's filter though it read it without. Such keys are now compared by value.
    /// </summary>
    [Fact]
    public void A_key_with_escapes_in_a_left_out_document_does_not_decline_the_file()
    {
        const string Found = "ap: im/v1\nkind:\nx:\n \"[|\\a[\": 2\nkiud: &Sm\n  ro\n";

        Assert.NotNull(ManifestGuard.Yaml.FastPathReader.TryRead(Found));
        var filtered = ManifestGuard.Yaml.FastPathReader.TryRead(Found, ManifestGuard.Analysis.ManifestScanner.ReadDocuments);

        Assert.NotNull(filtered);
        Assert.Empty(filtered);
    }

    private static (IReadOnlyList<ManifestGuard.Findings.Finding> Findings, TimeSpan Elapsed) Scan(string manifest)
    {
        var clock = Stopwatch.StartNew();
        var findings = TestSupport.TestScan.Findings(manifest);
        return (findings, clock.Elapsed);
    }
}
