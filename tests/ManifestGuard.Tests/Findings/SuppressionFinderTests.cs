using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Findings;

public class SuppressionFinderTests
{
    /// <summary>Only quay.io is allowed, so `nginx:1.25` is two findings on one line: MG101 and MG201.</summary>
    private const string AllowQuayOnly = "registries:\n  allowed: [quay.io]\n";

    /// <summary>A Pod whose image (`nginx:1.25`: MG101 and MG201) may carry comments on its line, the line above, or the container's first line.</summary>
    private static string Pod(string nameLine, string? lineAbove, string imageLine)
    {
        var above = lineAbove is null ? "" : $"      {lineAbove}\n";
        return $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app{nameLine}\n{above}      image: nginx:1.25{imageLine}\n";
    }

    private static IReadOnlyList<Finding> Scan(string manifest) => TestScan.Findings(manifest, AllowQuayOnly);

    // README "Suppressing a finding" (docs/rules.md): the comment on the image's line or alone on the line above.
    [Theory]
    [InlineData("", null, " # manifestguard:ignore MG101 vendored image", "MG101")]
    [InlineData("", null, "  # manifestguard:ignore", "MG101,MG201")]
    [InlineData("", null, " # manifestguard:ignore MG101,MG201 vendored", "MG101,MG201")]
    [InlineData("", null, " # manifestguard:ignore MG101 MG201", "MG101,MG201")]
    [InlineData("", null, " # manifestguard:ignore mg201", "MG201")]
    [InlineData("", "# manifestguard:ignore MG201 mirrored by the release job", "", "MG201")]
    [InlineData("", "# manifestguard:ignore", "", "MG101,MG201")]
    [InlineData("", null, " # manifestguard:ignore MG202", "")]
    // Rule names, as `explain` accepts them, suppress like ids; a word that names no rule suppresses nothing.
    [InlineData("", null, " # manifestguard:ignore image-not-pinned vendored", "MG101")]
    [InlineData("", null, " # manifestguard:ignore Registry-Not-Allowed, MG101", "MG101,MG201")]
    [InlineData("", null, " # manifestguard:ignore MG1O1", "")]
    [InlineData("", null, " # manifestguard:ignore MG10 typo", "")]
    [InlineData("", null, " # manifestguard:ignore typo", "")]
    [InlineData("", null, " # manifestguard:ignore imagenotpinned because vendored", "")]
    [InlineData("", null, " # manifestguard:ignore=MG101", "")]
    [InlineData("", null, " # manifestguard:ignore MG1O1,MG201", "MG201")]
    [InlineData("", null, " # manifestguard:ignore -- reviewed by the platform team", "MG101,MG201")]
    [InlineData("", "# manifestguard:ignore MG401", "", "")]
    [InlineData("", null, " # see manifestguard docs", "")]
    [InlineData(" # manifestguard:ignore", null, "", "")]
    [InlineData("", "# unrelated", "", "")]
    public void Inline_comments_suppress_the_rules_they_name_on_their_line_or_the_line_below(string nameLine, string? lineAbove, string imageLine, string suppressed)
    {
        var findings = Scan(Pod(nameLine, lineAbove, imageLine)).Where(f => f.RuleId != RuleIds.InvalidSuppression).ToList();

        Assert.Equal(["MG101", "MG201"], findings.Select(f => f.RuleId).Order(StringComparer.Ordinal));
        Assert.Equal(
            suppressed.Split(',', StringSplitOptions.RemoveEmptyEntries),
            findings.Where(f => f.IsSuppressed).Select(f => f.RuleId).Order(StringComparer.Ordinal));
        Assert.All(findings.Where(f => f.IsSuppressed), f => Assert.Equal(SuppressionKind.InlineComment, f.Suppression?.Kind));
    }

    [Fact]
    public void The_text_after_the_rule_ids_is_the_justification()
    {
        var finding = Assert.Single(Scan(Pod("", null, " # manifestguard:ignore MG101 vendored image")), f => f.IsSuppressed);

        Assert.Equal("vendored image", finding.Suppression?.Justification);
    }

    [Theory]
    [InlineData("# manifestguard:ignore MG101", "inline comment")]
    [InlineData("# manifestguard:ignore MG101 --", "inline comment")]
    [InlineData("# manifestguard:ignore MG101 --   spaced out  ", "spaced out")]
    public void Without_a_reason_the_justification_says_where_the_suppression_is(string comment, string justification)
    {
        var suppression = SuppressionFinder.Match(comment, RuleIds.ImageNotPinned);

        Assert.Equal(new Suppression(SuppressionKind.InlineComment, justification), suppression);
    }

    [Fact]
    public void Find_prefers_the_comment_and_falls_back_to_the_annotation()
    {
        var source = new SourceText("x.yaml", null, "a: 1\n# manifestguard:ignore MG201 mirrored\nimage: nginx:1.25\n");
        var metadata = Assert.IsType<YamlMapping>(YamlDocumentParser.Parse("annotations:\n  manifestguard.io/ignore: MG101,MG201\n").Documents[0]);

        Assert.Equal(SuppressionKind.InlineComment, SuppressionFinder.Find(source, 3, RuleIds.RegistryNotAllowed, metadata)?.Kind);
        Assert.Equal("mirrored", SuppressionFinder.Find(source, 3, RuleIds.RegistryNotAllowed, metadata)?.Justification);
        Assert.Equal(
            new Suppression(SuppressionKind.ResourceAnnotation, "manifestguard.io/ignore annotation"),
            SuppressionFinder.Find(source, 3, RuleIds.ImageNotPinned, metadata));
        Assert.Null(SuppressionFinder.Find(source, 3, RuleIds.ImageNotPinned));
        Assert.Null(SuppressionFinder.Find(source, 1, RuleIds.RegistryNotAllowed));
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
                  image: nginx:1.25
        """;

    // README "Suppressing a finding": the annotation `manifestguard.io/ignore: "MG101,MG401"` on the resource (or its pod template).
    [Theory]
    [InlineData("MG101,MG401", "", "MG101,MG401")]
    [InlineData("MG101, MG201", "", "MG101,MG201")]
    [InlineData("image-not-pinned", "", "MG101")]
    [InlineData("", "MG201", "MG201")]
    [InlineData("MG101", "MG401", "MG101,MG401")]
    [InlineData("*", "", "MG101,MG201,MG401")]
    [InlineData("MG202", "MG999", "")]
    [InlineData("MG1O1", "typo,MG401", "MG401")]
    public void The_ignore_annotation_on_the_resource_or_its_pod_template_suppresses_the_rules_it_names(string onResource, string onTemplate, string suppressed)
    {
        var manifest = AnnotatedDeployment.Replace("{0}", onResource, StringComparison.Ordinal).Replace("{1}", onTemplate, StringComparison.Ordinal);

        var findings = Scan(manifest).Where(f => f.RuleId != RuleIds.InvalidSuppression).ToList();

        Assert.Equal(["MG101", "MG201", "MG401"], findings.Select(f => f.RuleId).Order(StringComparer.Ordinal));
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

    // How a comment's words are read: rules first (the first word always), then the reason.
    [Theory]
    [InlineData("# manifestguard:ignore", true, "", "", null)]
    [InlineData("# manifestguard:ignore   ", true, "", "", null)]
    [InlineData("# manifestguard:ignore -- reviewed", true, "", "", "reviewed")]
    [InlineData("# manifestguard:ignore --", true, "", "", null)]
    [InlineData("# manifestguard:ignore MG101", false, "MG101", "", null)]
    [InlineData("# manifestguard:ignore mg101 vendored image", false, "MG101", "", "vendored image")]
    [InlineData("# manifestguard:ignore MG101,MG201 vendored", false, "MG101,MG201", "", "vendored")]
    [InlineData("# manifestguard:ignore MG101, MG201, typo reason", false, "MG101,MG201", "typo@37", "reason")]
    [InlineData("# manifestguard:ignore MG101 MG201 MG1O1 reason", false, "MG101,MG201", "MG1O1@35", "reason")]
    [InlineData("# manifestguard:ignore MG101 image-not-pinned why", false, "MG101,MG101", "", "why")]
    [InlineData("# manifestguard:ignore MG101 -- MG201 is fine here", false, "MG101", "", "MG201 is fine here")]
    [InlineData("# manifestguard:ignore MG10 typo", false, "", "MG10@23", "typo")]
    [InlineData("# manifestguard:ignore typo", false, "", "typo@23", null)]
    [InlineData("# manifestguard:ignore * all", true, "", "", "all")]
    [InlineData("# manifestguard:ignore=MG101", false, "", "=MG101@22", null)]
    [InlineData("# manifestguard:ignore MG101 MGMT approved", false, "MG101", "", "MGMT approved")]
    [InlineData("# manifestguard:ignore MG101 mg9x9", false, "MG101", "mg9x9@29", null)]
    [InlineData("# manifestguard:ignore MG101 MG-style", false, "MG101", "", "MG-style")]
    [InlineData("# TODO manifestguard:ignore MG401 later", false, "MG401", "", "later")]
    public void A_comment_names_rules_until_the_first_word_that_is_not_one(string comment, bool allRules, string ids, string unknown, string? reason)
    {
        var directive = SuppressionFinder.ParseComment(comment);

        Assert.NotNull(directive);
        Assert.Equal(allRules, directive.AllRules);
        Assert.Equal(ids.Split(',', StringSplitOptions.RemoveEmptyEntries), directive.RuleIds);
        Assert.Equal(unknown.Split(',', StringSplitOptions.RemoveEmptyEntries), directive.UnknownTokens.Select(t => $"{t.Text}@{t.Offset}"));
        Assert.Equal(reason, directive.Reason);
    }

    [Theory]
    [InlineData("", false, "", "")]
    [InlineData("*", true, "", "")]
    [InlineData("MG101,MG401", false, "MG101,MG401", "")]
    [InlineData(" mg101 , image-not-pinned ,,MG10 typo", false, "MG101,MG101", "MG10@28,typo@33")]
    [InlineData("MG101 -- reason", false, "MG101", "--@6,reason@9")]
    public void An_annotation_names_only_rules(string value, bool allRules, string ids, string unknown)
    {
        var directive = SuppressionFinder.ParseAnnotation(value);

        Assert.Equal(allRules, directive.AllRules);
        Assert.Equal(ids.Split(',', StringSplitOptions.RemoveEmptyEntries), directive.RuleIds);
        Assert.Equal(unknown.Split(',', StringSplitOptions.RemoveEmptyEntries), directive.UnknownTokens.Select(t => $"{t.Text}@{t.Offset}"));
        Assert.Null(directive.Reason);
    }

    [Theory]
    [InlineData("no comment here")]
    [InlineData("# manifestguard docs")]
    [InlineData("")]
    public void A_comment_without_the_marker_says_nothing(string comment)
    {
        Assert.Null(SuppressionFinder.ParseComment(comment));
        Assert.Null(SuppressionFinder.Match(comment, RuleIds.ImageNotPinned));
    }

    [Theory]
    [InlineData("image: x # manifestguard:ignore", "# manifestguard:ignore")]
    [InlineData("# whole line", "# whole line")]
    [InlineData("key: a#b # c", "# c")]
    [InlineData("key: a#b", "")]
    [InlineData("key:\t# tab", "# tab")]
    public void The_comment_of_a_line_starts_at_a_hash_after_white_space(string line, string comment)
    {
        Assert.Equal(comment, SuppressionFinder.CommentOn(line));
    }

    [Theory]
    [InlineData("MG101", "MG101")]
    [InlineData("mg101", "MG101")]
    [InlineData("image-not-pinned", "MG101")]
    [InlineData("IMAGE-LATEST-TAG", "MG102")]
    [InlineData("invalid-suppression", "MG902")]
    [InlineData("MG1O1", null)]
    [InlineData("image_not_pinned", null)]
    [InlineData("*", null)]
    public void Rule_ids_and_the_names_explain_accepts_are_known(string token, string? id)
    {
        Assert.Equal(id, SuppressionFinder.RuleIdOf(token));
    }

    [Fact]
    public void Each_unknown_word_is_one_MG902_at_the_word_itself()
    {
        var manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              annotations:
                manifestguard.io/ignore: "MG401, typo"
            spec:
              template:
                metadata:
                  annotations:
                    manifestguard.io/ignore: 'MG10'
                spec:
                  containers:
                    - name: app
                      image: quay.io/a/b:1.0 # manifestguard:ignore MG1O1,MG102 vendored
                    # manifestguard:ignore imagenotpinned
                    - name: side
                      image: quay.io/a/c:1.0
            """;

        var invalid = TestScan.Findings(manifest).Where(f => f.RuleId == RuleIds.InvalidSuppression).ToList();

        Assert.Equal(
            ["6:38-6:42 typo", "11:35-11:39 MG10", "15:57-15:62 MG1O1", "16:32-16:46 imagenotpinned"],
            invalid.Select(f => $"{f.Span.StartLine}:{f.Span.StartColumn}-{f.Span.EndLine}:{f.Span.EndColumn} {f.Field?.Split(' ')[^1]}"));
        Assert.All(invalid, f => Assert.Equal(FindingLevel.Warning, f.Level));
        Assert.All(invalid, f => Assert.False(f.IsSuppressed));
        Assert.Contains("did you mean MG101?", invalid[2].Message, StringComparison.Ordinal);
        Assert.Equal("Deployment/web", invalid[0].Resource?.ToString());
        // The unknown words suppress nothing: both images are still not pinned.
        Assert.Equal(2, TestScan.Active(manifest, RuleIds.ImageNotPinned).Count);
    }

    [Fact]
    public void An_annotation_value_with_escapes_points_at_the_whole_value()
    {
        var manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    manifestguard.io/ignore: \"MG101,\\u0074ypo\"\n" +
            "spec:\n  containers:\n    - name: a\n      image: quay.io/a/b:1.0\n";

        var finding = Assert.Single(TestScan.Findings(manifest), f => f.RuleId == RuleIds.InvalidSuppression);

        Assert.Equal((6, 30, 6, 47), (finding.Span.StartLine, finding.Span.StartColumn, finding.Span.EndLine, finding.Span.EndColumn));
        Assert.Contains("\"typo\"", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" # manifestguard:ignore MG902 MG1O1")]
    [InlineData(" # manifestguard:ignore invalid-suppression MG1O1")]
    [InlineData(" # manifestguard:ignore MG1O1 -- whatever")]
    public void No_suppression_hides_MG902(string imageLine)
    {
        var manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    manifestguard.io/ignore: \"*\"\n" +
            $"spec:\n  containers:\n    - name: a\n      # manifestguard:ignore\n      image: nginx:1.25{imageLine}\n";

        var invalid = Assert.Single(TestScan.Findings(manifest), f => f.RuleId == RuleIds.InvalidSuppression);

        Assert.False(invalid.IsSuppressed);
        Assert.Null(SuppressionFinder.Match("# manifestguard:ignore", RuleIds.InvalidSuppression));
        Assert.Null(SuppressionFinder.FromAnnotations(RuleIds.InvalidSuppression,
            Assert.IsType<YamlMapping>(YamlDocumentParser.Parse("annotations:\n  manifestguard.io/ignore: '*'\n").Documents[0])));
    }

    [Fact]
    public void MG902_follows_its_configured_level()
    {
        var manifest = TestScan.Pod("quay.io/a/b:1.0 # manifestguard:ignore typo");

        Assert.Equal(FindingLevel.Error, Assert.Single(TestScan.Findings(manifest, "rules:\n  MG902: error\n"), f => f.RuleId == RuleIds.InvalidSuppression).Level);
        Assert.DoesNotContain(TestScan.Findings(manifest, "rules:\n  MG902: off\n"), f => f.RuleId == RuleIds.InvalidSuppression);
    }
}
