using System.Text.Json;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Reporting;
using ManifestGuard.Reporting.Json;
using ManifestGuard.Rules;
using Xunit;

namespace ManifestGuard.Tests.Reporting.Json;

public class JsonReportWriterTests
{
    private static string Text(ScanReport report)
    {
        using var writer = new StringWriter();
        new JsonReportWriter(SampleReports.Version).Write(report, writer);
        return writer.ToString();
    }

    private static JsonElement Write(ScanReport report)
    {
        using var document = JsonDocument.Parse(Text(report));
        return document.RootElement.Clone();
    }

    private static JsonElement FindingFor(JsonElement report, string ruleId, string file) =>
        report.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("ruleId").GetString() == ruleId && f.GetProperty("file").GetString() == file);

    [Fact]
    public void Report_has_the_version_every_finding_in_order_and_a_summary()
    {
        var report = Write(SampleReports.Representative());

        Assert.Equal(SampleReports.Version, report.GetProperty("version").GetString());
        Assert.Equal(
            SampleReports.Representative().Findings.Select(f => f.RuleId + "@" + f.File),
            report.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString() + "@" + f.GetProperty("file").GetString()));
    }

    [Fact]
    public void Finding_carries_every_field_flat()
    {
        var finding = FindingFor(Write(SampleReports.Representative()), RuleIds.ImageNotPinned, SampleReports.SpacedFile);

        Assert.Equal("warning", finding.GetProperty("level").GetString());
        Assert.Equal(SampleReports.Unpinned().Message, finding.GetProperty("message").GetString());
        Assert.Equal(21, finding.GetProperty("startLine").GetInt32());
        Assert.Equal(18, finding.GetProperty("startColumn").GetInt32());
        Assert.Equal(21, finding.GetProperty("endLine").GetInt32());
        Assert.Equal(28, finding.GetProperty("endColumn").GetInt32());
        var resource = finding.GetProperty("resource");
        Assert.Equal("apps/v1", resource.GetProperty("apiVersion").GetString());
        Assert.Equal("Deployment", resource.GetProperty("kind").GetString());
        Assert.Equal("shop", resource.GetProperty("namespace").GetString());
        Assert.Equal("web", resource.GetProperty("name").GetString());
        Assert.Equal("web", finding.GetProperty("container").GetString());
        Assert.Equal("spec.template.spec.containers[0].image", finding.GetProperty("field").GetString());
        Assert.Equal("nginx:1.27", finding.GetProperty("image").GetString());
        Assert.Equal("docker.io/library/nginx:1.27", finding.GetProperty("normalizedImage").GetString());
        Assert.False(finding.GetProperty("suppressed").GetBoolean());
        Assert.False(finding.TryGetProperty("suppression", out _));
        Assert.False(finding.TryGetProperty("policy", out _));
    }

    [Fact]
    public void Fix_carries_its_span_and_replacement()
    {
        var fix = FindingFor(Write(SampleReports.Representative()), RuleIds.ImageNotPinned, SampleReports.SpacedFile).GetProperty("fix");

        Assert.Equal("Pin the image to the digest its tag points at", fix.GetProperty("description").GetString());
        Assert.Equal(21, fix.GetProperty("startLine").GetInt32());
        Assert.Equal(18, fix.GetProperty("startColumn").GetInt32());
        Assert.Equal(21, fix.GetProperty("endLine").GetInt32());
        Assert.Equal(28, fix.GetProperty("endColumn").GetInt32());
        Assert.Equal("nginx:1.27@sha256:" + new string('a', 64), fix.GetProperty("replacement").GetString());
    }

    [Theory]
    [InlineData(RuleIds.ImageLatestTag, "inlineComment", "local development only")]
    [InlineData(RuleIds.BreakGlassUsed, "resourceAnnotation", "")]
    public void Suppressed_findings_stay_and_say_how(string ruleId, string kind, string justification)
    {
        var finding = FindingFor(Write(SampleReports.Representative()), ruleId, SampleReports.NonAsciiFile);

        Assert.True(finding.GetProperty("suppressed").GetBoolean());
        Assert.Equal(kind, finding.GetProperty("suppression").GetProperty("kind").GetString());
        Assert.Equal(justification, finding.GetProperty("suppression").GetProperty("justification").GetString());
    }

    [Fact]
    public void Summary_counts_findings_per_level_and_suppressed_ones_apart()
    {
        var error = SampleReports.Unpinned() with { Level = FindingLevel.Error };
        var report = SampleReports.Report(
            error,
            error with { File = "b.yaml" },
            SampleReports.Unpinned(),
            SampleReports.Unpinned() with { Level = FindingLevel.Note, File = "c.yaml" },
            error with { File = "d.yaml", Suppression = new Suppression(SuppressionKind.InlineComment, "why") });

        var summary = Write(report).GetProperty("summary");

        Assert.Equal(2, summary.GetProperty("error").GetInt32());
        Assert.Equal(1, summary.GetProperty("warning").GetInt32());
        Assert.Equal(1, summary.GetProperty("note").GetInt32());
        Assert.Equal(1, summary.GetProperty("suppressed").GetInt32());
    }

    [Fact]
    public void Stdin_and_names_that_need_escaping_in_uris_are_written_as_they_are()
    {
        var text = Text(SampleReports.Representative());

        Assert.Contains($"\"file\": \"{SourceText.StdinName}\"", text, StringComparison.Ordinal);
        Assert.Contains($"\"file\": \"{SampleReports.NonAsciiFile}\"", text, StringComparison.Ordinal);
        Assert.Contains($"\"file\": \"{SampleReports.SpacedFile}\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_report_has_empty_findings_and_zero_counts()
    {
        var report = Write(SampleReports.Report());

        Assert.Empty(report.GetProperty("findings").EnumerateArray());
        Assert.All(report.GetProperty("summary").EnumerateObject(), p => Assert.Equal(0, p.Value.GetInt32()));
    }
}
