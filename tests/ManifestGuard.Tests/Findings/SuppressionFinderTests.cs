using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Findings;

public class SuppressionFinderTests
{
    /// <summary>A Pod whose image (`nginx:latest`: MG101 and MG102) may carry comments on its line, the line above, or the container's first line.</summary>
    private static string Pod(string nameLine, string? lineAbove, string imageLine)
    {
        var above = lineAbove is null ? "" : $"      {lineAbove}\n";
        return $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app{nameLine}\n{above}      image: nginx:latest{imageLine}\n";
    }

    // README "Suppressing a finding" (docs/rules.md): the comment on the image's line or alone on the line above.
    [Theory]
    [InlineData("", null, " # manifestguard:ignore MG101 vendored image", "MG101")]
    [InlineData("", null, "  # manifestguard:ignore", "MG101,MG102")]
    [InlineData("", null, " # manifestguard:ignore MG101,MG102 vendored", "MG101,MG102")]
    [InlineData("", null, " # manifestguard:ignore MG101 MG102", "MG101,MG102")]
    [InlineData("", null, " # manifestguard:ignore mg102", "MG102")]
    [InlineData("", "# manifestguard:ignore MG102 pinned by the release job", "", "MG102")]
    [InlineData("", "# manifestguard:ignore", "", "MG101,MG102")]
    [InlineData("", null, " # manifestguard:ignore MG202", "")]
    [InlineData("", "# manifestguard:ignore MG401", "", "")]
    [InlineData("", null, " # see manifestguard docs", "")]
    [InlineData(" # manifestguard:ignore", null, "", "")]
    [InlineData("", "# unrelated", "", "")]
    public void Inline_comments_suppress_the_rules_they_name_on_their_line_or_the_line_below(string nameLine, string? lineAbove, string imageLine, string suppressed)
    {
        var findings = TestScan.Findings(Pod(nameLine, lineAbove, imageLine));

        Assert.Equal(["MG101", "MG102"], findings.Select(f => f.RuleId).Order(StringComparer.Ordinal));
        Assert.Equal(
            suppressed.Split(',', StringSplitOptions.RemoveEmptyEntries),
            findings.Where(f => f.IsSuppressed).Select(f => f.RuleId).Order(StringComparer.Ordinal));
        Assert.All(findings.Where(f => f.IsSuppressed), f => Assert.Equal(SuppressionKind.InlineComment, f.Suppression?.Kind));
    }

    [Fact]
    public void The_text_after_the_rule_ids_is_the_justification()
    {
        var finding = Assert.Single(TestScan.Findings(Pod("", null, " # manifestguard:ignore MG101 vendored image")), f => f.IsSuppressed);

        Assert.Equal("vendored image", finding.Suppression?.Justification);
    }

    [Fact]
    public void A_comment_two_lines_above_does_not_suppress()
    {
        var source = new SourceText("x.yaml", null, "# manifestguard:ignore\nname: app\nimage: nginx\n");

        Assert.Null(SuppressionFinder.FromComment(source, 3, RuleIds.ImageNotPinned));
        Assert.NotNull(SuppressionFinder.FromComment(source, 2, RuleIds.ImageNotPinned));
    }

    [Fact]
    public void A_hash_inside_a_value_is_not_a_comment()
    {
        var source = new SourceText("x.yaml", null, "image: nginx:1.25\nnote: a#manifestguard:ignore\n");

        Assert.Null(SuppressionFinder.FromComment(source, 2, RuleIds.ImageNotPinned));
    }

    private const string AnnotatedDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations:
            manifestguard.io/ignore: "{0}"
        spec:
          template:
            metadata:
              annotations:
                manifestguard.io/ignore: "{1}"
                oracle.image-policy.k8s.io/break-glass: "true"
            spec:
              containers:
                - name: app
                  image: nginx:latest
        """;

    // README "Suppressing a finding": the annotation `manifestguard.io/ignore: "MG101,MG401"` on the resource (or its pod template).
    [Theory]
    [InlineData("MG101,MG401", "", "MG101,MG401")]
    [InlineData("MG101, MG102", "", "MG101,MG102")]
    [InlineData("", "MG102", "MG102")]
    [InlineData("MG101", "MG401", "MG101,MG401")]
    [InlineData("*", "", "MG101,MG102,MG401")]
    [InlineData("MG202", "MG999", "")]
    public void The_ignore_annotation_on_the_resource_or_its_pod_template_suppresses_the_rules_it_names(string onResource, string onTemplate, string suppressed)
    {
        var manifest = AnnotatedDeployment.Replace("{0}", onResource, StringComparison.Ordinal).Replace("{1}", onTemplate, StringComparison.Ordinal);

        var findings = TestScan.Findings(manifest);

        Assert.Equal(["MG101", "MG102", "MG401"], findings.Select(f => f.RuleId).Order(StringComparer.Ordinal));
        Assert.Equal(
            suppressed.Split(',', StringSplitOptions.RemoveEmptyEntries),
            findings.Where(f => f.IsSuppressed).Select(f => f.RuleId).Order(StringComparer.Ordinal));
        Assert.All(findings.Where(f => f.IsSuppressed), f => Assert.Equal(SuppressionKind.ResourceAnnotation, f.Suppression?.Kind));
    }

    [Fact]
    public void FromAnnotations_reads_each_metadata_mapping_given_and_ignores_missing_ones()
    {
        var metadata = Assert.IsType<YamlMapping>(YamlDocumentParser.Parse("annotations:\n  manifestguard.io/ignore: MG401\n").Documents[0]);

        Assert.NotNull(SuppressionFinder.FromAnnotations(RuleIds.BreakGlassUsed, null, metadata));
        Assert.Null(SuppressionFinder.FromAnnotations(RuleIds.ImageNotPinned, null, metadata));
        Assert.Null(SuppressionFinder.FromAnnotations(RuleIds.ImageNotPinned));
    }
}
