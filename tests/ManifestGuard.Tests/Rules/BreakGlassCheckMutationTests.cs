using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rules;

/// <summary>MG401's message and where it points, and the mark a break-glass pod leaves on its images.</summary>
public sealed class BreakGlassCheckMutationTests
{
    private const string Pinned = "registry.example.com/app:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_pod_with_both_markers_gets_one_finding_for_each_with_the_whole_message()
    {
        const string manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    image-policy.k8s.io/break-glass: \"TRUE\"\n" +
            "  annotations:\n    oracle.image-policy.k8s.io/break-glass: \"true\"\n    alpha.image-policy.k8s.io/break-glass: \"no\"\n" +
            "spec:\n  containers:\n    - name: app\n      image: " + Pinned + "\n";

        var findings = TestScan.Active(manifest, RuleIds.BreakGlassUsed).OrderBy(f => f.Span.StartLine).ToList();

        Assert.Equal(2, findings.Count);
        Assert.Equal(
            "break-glass label \"image-policy.k8s.io/break-glass\" is set: image policy enforcement is bypassed for this pod; remove it once the emergency is over",
            findings[0].Message);
        Assert.Equal(
            "break-glass annotation \"oracle.image-policy.k8s.io/break-glass\" is set: image policy enforcement is bypassed for this pod; remove it once the emergency is over",
            findings[1].Message);
        Assert.Equal([6, 8], findings.Select(f => f.Span.StartLine));
        Assert.All(findings, f => Assert.Equal(("Pod/web", TestScan.FileName), (f.Resource?.ToString(), f.File)));
        Assert.Equal("metadata.labels[image-policy.k8s.io/break-glass]", findings[0].Field);
    }

    [Theory]
    [InlineData("      annotations:\n        oracle.image-policy.k8s.io/break-glass: {value: \"true\"}")]
    [InlineData("      annotations: [oracle.image-policy.k8s.io/break-glass]")]
    [InlineData("      annotations:\n        oracle.image-policy.k8s.io/break-glass: \"yes\"")]
    public void A_marker_that_is_not_the_string_true_is_no_break_glass(string metadata)
    {
        var manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n" + metadata +
            "\n    spec:\n      containers:\n        - name: app\n          image: " + Pinned + "\n";

        Assert.Empty(TestScan.Active(manifest, RuleIds.BreakGlassUsed));
    }

    [Theory]
    [InlineData("  annotations:\n    oracle.image-policy.k8s.io/break-glass: \"true\"\n", true)]
    [InlineData("  labels:\n    image-policy.k8s.io/break-glass: \"true\"\n", true)]
    [InlineData("  annotations:\n    oracle.image-policy.k8s.io/break-glass: \"false\"\n", false)]
    [InlineData("", false)]
    public void The_images_of_a_break_glass_pod_are_marked_for_the_policies(string metadata, bool breakGlass)
    {
        // Policies that honour break-glass (OKE) read this mark; MG401 is reported either way.
        var manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n" + metadata +
            "spec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n";
        var scan = new ManifestScanner(ManifestGuardConfig.Default, RuleCatalog.Default) { MaxParallelism = 1 }
            .Scan([], Path.GetTempPath(), new SourceText(TestScan.FileName, null, manifest));

        Assert.Equal(breakGlass, Assert.Single(scan.Images).BreakGlass);
    }
}
