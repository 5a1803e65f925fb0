using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rules;

public class BreakGlassCheckTests
{
    private const string Pinned = "registry.example.com/app:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static string Deployment(string templateMetadata) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            metadata:
        {templateMetadata}
            spec:
              containers:
                - name: app
                  image: {Pinned}
        """;

    // OKE and the ImagePolicyWebhook: an annotation; the finding sits on the key, line 9 column 9 here.
    [Theory]
    [InlineData("oracle.image-policy.k8s.io/break-glass", "\"true\"")]
    [InlineData("alpha.image-policy.k8s.io/break-glass", "\"true\"")]
    [InlineData("alpha.image-policy.k8s.io/break-glass", "\"True\"")]
    public void MG401_points_at_the_break_glass_annotation_key(string key, string value)
    {
        var manifest = Deployment($"      annotations:\n        {key}: {value}");

        var finding = Assert.Single(TestScan.Active(manifest, RuleIds.BreakGlassUsed));

        Assert.Equal((9, 9, 9, 9 + key.Length), (finding.Span.StartLine, finding.Span.StartColumn, finding.Span.EndLine, finding.Span.EndColumn));
        Assert.Equal(FindingLevel.Warning, finding.Level);
        Assert.Equal($"spec.template.metadata.annotations[{key}]", finding.Field);
        Assert.Contains("annotation", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MG401_points_at_the_GKE_break_glass_label_of_a_pod()
    {
        const string manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\n    image-policy.k8s.io/break-glass: \"true\"\nspec:\n  containers:\n    - name: app\n      image: " + Pinned + "\n";

        var finding = Assert.Single(TestScan.Active(manifest, RuleIds.BreakGlassUsed));

        Assert.Equal((7, 5), (finding.Span.StartLine, finding.Span.StartColumn));
        Assert.Equal("metadata.labels[image-policy.k8s.io/break-glass]", finding.Field);
        Assert.Contains("label", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("      annotations:\n        oracle.image-policy.k8s.io/break-glass: \"false\"")]
    [InlineData("      labels:\n        oracle.image-policy.k8s.io/break-glass: \"true\"")]
    [InlineData("      annotations:\n        image-policy.k8s.io/break-glass: \"true\"")]
    [InlineData("      annotations:\n        example.com/break-glass: \"true\"")]
    public void MG401_does_not_fire_for_other_values_keys_or_sections(string metadata)
    {
        Assert.Empty(TestScan.Active(Deployment(metadata), RuleIds.BreakGlassUsed));
    }

    [Fact]
    public void MG401_reads_the_configured_annotations_instead_of_the_defaults()
    {
        const string config = "breakGlass:\n  annotations: [example.com/emergency]\n";

        Assert.Single(TestScan.Active(Deployment("      annotations:\n        example.com/emergency: \"true\""), RuleIds.BreakGlassUsed, config));
        Assert.Empty(TestScan.Active(Deployment("      annotations:\n        oracle.image-policy.k8s.io/break-glass: \"true\""), RuleIds.BreakGlassUsed, config));
    }

    [Fact]
    public void MG401_on_the_deployment_itself_is_not_on_the_pods_it_makes()
    {
        const string manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    oracle.image-policy.k8s.io/break-glass: \"true\"\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: " + Pinned + "\n";

        Assert.Empty(TestScan.Active(manifest, RuleIds.BreakGlassUsed));
    }
}
