using ManifestGuard.Findings;
using ManifestGuard.Reporting;
using ManifestGuard.Reporting.GitHub;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Reporting.GitHub;

public class GitHubReportWriterTests
{
    private static string[] Lines(ScanReport report)
    {
        using var writer = new StringWriter();
        new GitHubReportWriter().Write(report, writer);
        var text = writer.ToString();
        Assert.DoesNotContain('\r', text);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Finding_becomes_a_command_with_position_and_rule_title()
    {
        var line = Assert.Single(Lines(SampleReports.Report(SampleReports.Unpinned(file: "apps/web.yaml"))));

        Assert.Equal(
            "::warning file=apps/web.yaml,line=21,col=18,endLine=21,endColumn=28,title=MG101 image-not-pinned::"
            + "image `nginx:1.27` is not pinned by digest; run `manifestguard pin` to pin it",
            line);
    }

    [Theory]
    [InlineData(FindingLevel.Error, "::error ")]
    [InlineData(FindingLevel.Warning, "::warning ")]
    [InlineData(FindingLevel.Note, "::notice ")]
    public void Level_picks_the_command(object level, string prefix)
    {
        var line = Assert.Single(Lines(SampleReports.Report(SampleReports.Unpinned() with { Level = (FindingLevel)level })));

        Assert.StartsWith(prefix, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Suppressed_findings_and_rules_turned_off_are_not_annotated()
    {
        var lines = Lines(SampleReports.Representative());

        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain(lines, l => l.Contains("MG102", StringComparison.Ordinal) || l.Contains("MG401", StringComparison.Ordinal));
        Assert.Empty(Lines(SampleReports.Report(SampleReports.Unpinned() with { Level = FindingLevel.Off })));
    }

    [Fact]
    public void Rule_missing_from_the_catalog_is_titled_by_its_id()
    {
        var line = Assert.Single(Lines(SampleReports.Report(SampleReports.Unpinned() with { RuleId = "MG999" })));

        Assert.Contains(",title=MG999::", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Span_over_several_lines_has_no_columns()
    {
        var finding = SampleReports.Unpinned() with { Span = new SourceSpan(4, 3, 6, 9, -1, -1) };

        var line = Assert.Single(Lines(SampleReports.Report(finding)));

        Assert.Contains(" file=apps/web deployment.yaml,line=4,endLine=6,title=", line, StringComparison.Ordinal);
    }

    // https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escapeData, escapeProperty)
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100%", "100%25")]
    [InlineData("%0A is not a newline", "%250A is not a newline")]
    [InlineData("one\ntwo\r\nthree", "one%0Atwo%0D%0Athree")]
    [InlineData("a: b, c", "a: b, c")]
    [InlineData("::error::injected", "::error::injected")]
    public void Data_escapes_percent_and_line_breaks(string value, string escaped)
    {
        Assert.Equal(escaped, GitHubReportWriter.EscapeData(value));
    }

    [Theory]
    [InlineData("apps/web.yaml", "apps/web.yaml")]
    [InlineData("100%", "100%25")]
    [InlineData("a\r\nb", "a%0D%0Ab")]
    [InlineData("a:b,c.yaml", "a%3Ab%2Cc.yaml")]
    [InlineData("MG101 image-not-pinned", "MG101 image-not-pinned")]
    public void Property_escapes_colon_and_comma_too(string value, string escaped)
    {
        Assert.Equal(escaped, GitHubReportWriter.EscapeProperty(value));
    }

    [Fact]
    public void Message_with_line_breaks_stays_one_command()
    {
        var finding = SampleReports.Unpinned(file: "x,y:z.yaml") with { Message = "first line\nsecond line 50%" };

        var line = Assert.Single(Lines(SampleReports.Report(finding)));

        Assert.StartsWith("::warning file=x%2Cy%3Az.yaml,line=21,", line, StringComparison.Ordinal);
        Assert.EndsWith("::first line%0Asecond line 50%25", line, StringComparison.Ordinal);
    }
}
