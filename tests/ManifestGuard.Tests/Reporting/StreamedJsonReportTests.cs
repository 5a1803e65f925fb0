using System.Text;
using System.Text.Json;
using ManifestGuard.Reporting;
using ManifestGuard.Reporting.Json;
using ManifestGuard.Reporting.Sarif;
using Xunit;

namespace ManifestGuard.Tests.Reporting;

/// <summary>
/// JSON and SARIF reports are written a piece at a time: straight into the stream of a UTF-8
/// <see cref="StreamWriter"/> (stdout, the report file), and decoded into any other text writer. Both
/// ways must give the same text, also for reports many times larger than one piece, with non-ASCII
/// text that a piece boundary could split.
/// </summary>
public class StreamedJsonReportTests
{
    /// <summary>Enough findings for several flushes of the writer's buffer.</summary>
    private static ScanReport Large() =>
        SampleReports.Report([.. Enumerable.Range(1, 2000).Select(Unpinned)]);

    private static ManifestGuard.Findings.Finding Unpinned(int line) =>
        SampleReports.Unpinned(SampleReports.NonAsciiFile, line, $"nginx:1.{line}");

    public static TheoryData<string> Formats => new() { "json", "sarif" };

    private static IReportWriter Writer(string format) =>
        format == "json" ? new JsonReportWriter(SampleReports.Version) : new SarifReportWriter(SampleReports.Version);

    private static string ThroughStreamWriter(string format, ScanReport report, string before)
    {
        using var bytes = new MemoryStream();
        using (var writer = new StreamWriter(bytes, new UTF8Encoding(false), leaveOpen: true))
        {
            writer.Write(before);
            Writer(format).Write(report, writer);
            writer.Write("after");
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static string ThroughStringWriter(string format, ScanReport report)
    {
        using var writer = new StringWriter();
        Writer(format).Write(report, writer);
        return writer.ToString();
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Stream_and_text_writers_get_the_same_report_in_order(string format)
    {
        var report = Large();
        var text = ThroughStringWriter(format, report);

        Assert.True(Encoding.UTF8.GetByteCount(text) > 10 * (1 << 16), "the report spans many flushes");
        Assert.Equal("before" + text + "after", ThroughStreamWriter(format, report, "before"));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_finding_is_written_once_in_report_order(string format)
    {
        var report = Large();
        using var document = JsonDocument.Parse(ThroughStringWriter(format, report));
        var written = format == "json"
            ? document.RootElement.GetProperty("findings").EnumerateArray()
                .Select(f => f.GetProperty("startLine").GetInt32())
            : document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region")
                    .GetProperty("startLine").GetInt32());

        Assert.Equal(report.Findings.Select(f => f.Span.StartLine), written);
    }

    [Fact]
    public void Text_ends_with_one_line_break_and_keeps_non_ascii_readable()
    {
        var text = ThroughStringWriter("json", SampleReports.Representative());

        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("}\n\n", text, StringComparison.Ordinal);
        Assert.Contains(SampleReports.NonAsciiFile, text, StringComparison.Ordinal);
    }
}
