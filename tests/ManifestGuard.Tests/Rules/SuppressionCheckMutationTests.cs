using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rules;

/// <summary>MG902's message, its suggestions of what was meant, and where it points in comments and annotations.</summary>
public sealed class SuppressionCheckMutationTests
{
    private static Finding Invalid(string manifest) =>
        Assert.Single(TestScan.Findings(manifest), f => f.RuleId == RuleIds.InvalidSuppression);

    private static string Annotated(string value) =>
        $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    manifestguard.io/ignore: {value}\n" +
        "spec:\n  containers:\n    - name: a\n      image: quay.io/a/b:1.0\n";

    [Theory]
    [InlineData("typo", "")]
    [InlineData("MG1O1", " (did you mean MG101?)")]
    [InlineData("MG90", " (did you mean MG901 or MG902?)")]
    [InlineData("MG30", " (did you mean MG301, MG302 or MG303?)")]
    [InlineData("image-not-pined", " (did you mean image-not-pinned?)")]
    [InlineData("IMAGE-LATEST-TAGS", " (did you mean image-latest-tag?)")]
    [InlineData("MG1", " (did you mean MG101, MG102 or MG103?)")]
    [InlineData("MGXYZ", "")]
    public void The_message_names_the_word_and_offers_the_closest_rules(string word, string suggestion)
    {
        var finding = Invalid(TestScan.Pod("quay.io/a/b:1.0 # manifestguard:ignore " + word));

        Assert.Equal(
            $"the suppression comment names \"{word}\", which is no rule id or name, so it suppresses nothing{suggestion}; `manifestguard rules` lists the rules",
            finding.Message);
        Assert.Equal($"# manifestguard:ignore {word}", finding.Field);
        Assert.Null(finding.Resource);
        Assert.Equal(TestScan.FileName, finding.File);
    }

    [Fact]
    public void A_comment_in_a_file_with_CRLF_line_ends_points_at_the_word()
    {
        var manifest = TestScan.Pod("quay.io/a/b:1.0 # manifestguard:ignore typo").Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n";

        var finding = Invalid(manifest);

        Assert.Equal((8, 53, 8, 57), (finding.Span.StartLine, finding.Span.StartColumn, finding.Span.EndLine, finding.Span.EndColumn));
        Assert.Equal("# manifestguard:ignore typo", finding.Field);
    }

    [Fact]
    public void Comments_after_the_first_line_count_lines_from_one()
    {
        var manifest = "# manifestguard:ignore typo\n" + TestScan.Pod("quay.io/a/b:1.0");

        var finding = Invalid(manifest);

        Assert.Equal((1, 24, 1, 28), (finding.Span.StartLine, finding.Span.StartColumn, finding.Span.EndLine, finding.Span.EndColumn));
    }

    [Theory]
    // value as written, start and end column of the word "typo" (or of the whole value)
    [InlineData("MG101,typo", 36, 40)]
    [InlineData("\"MG101, typo\"", 38, 42)]
    [InlineData("'typo'", 31, 35)]
    [InlineData("\"MG101,  \\x74ypo\"", 30, 47)]
    public void An_annotation_word_is_pointed_at_where_it_is_written(string value, int start, int end)
    {
        var finding = Invalid(Annotated(value));

        Assert.Equal((6, start, 6, end), (finding.Span.StartLine, finding.Span.StartColumn, finding.Span.EndLine, finding.Span.EndColumn));
        Assert.Equal("metadata.annotations[manifestguard.io/ignore] typo", finding.Field);
        Assert.Equal("Pod/p", finding.Resource?.ToString());
        Assert.StartsWith("the suppression annotation names \"typo\"", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folded_annotation_points_at_the_whole_value()
    {
        var manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    manifestguard.io/ignore: >-\n      MG101\n      typo\n" +
            "spec:\n  containers:\n    - name: a\n      image: quay.io/a/b:1.0\n";

        var finding = Invalid(manifest);

        Assert.Equal((6, 30), (finding.Span.StartLine, finding.Span.StartColumn));
        Assert.True(finding.Span.EndLine > 6);
    }

    [Fact]
    public void A_plain_multi_line_annotation_points_at_the_whole_value()
    {
        var manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    manifestguard.io/ignore: MG101\n      typo\n" +
            "spec:\n  containers:\n    - name: a\n      image: quay.io/a/b:1.0\n";

        var finding = Invalid(manifest);

        Assert.Equal((6, 30, 7, 11), (finding.Span.StartLine, finding.Span.StartColumn, finding.Span.EndLine, finding.Span.EndColumn));
    }

    [Fact]
    public void The_annotation_of_a_workload_and_of_its_pod_template_are_each_checked()
    {
        var manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    manifestguard.io/ignore: typo\n" +
            "spec:\n  template:\n    metadata:\n      annotations:\n        manifestguard.io/ignore: typo2\n    spec:\n      containers:\n" +
            "        - name: a\n          image: quay.io/a/b:1.0\n";

        var invalid = TestScan.Findings(manifest).Where(f => f.RuleId == RuleIds.InvalidSuppression).Select(f => (f.Span.StartLine, f.Field)).ToList();

        Assert.Equal(
            [(6, "metadata.annotations[manifestguard.io/ignore] typo"), (11, "metadata.annotations[manifestguard.io/ignore] typo2")],
            invalid);
    }

    [Fact]
    public void Off_MG902_checks_no_annotation()
    {
        Assert.DoesNotContain(TestScan.Findings(Annotated("typo"), "rules:\n  MG902: off\n"), f => f.RuleId == RuleIds.InvalidSuppression);
    }
}
