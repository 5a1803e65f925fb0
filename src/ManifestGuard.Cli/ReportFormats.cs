using ManifestGuard.Reporting;
using ManifestGuard.Reporting.GitHub;
using ManifestGuard.Reporting.Json;
using ManifestGuard.Reporting.Sarif;
using ManifestGuard.Reporting.Text;

namespace ManifestGuard.Cli;

/// <summary>The `--format` names of `check` and the writer for each.</summary>
internal static class ReportFormats
{
    public static readonly string[] Names = ["text", "sarif", "json", "github"];

    public static IReportWriter Writer(string format, bool color) => format switch
    {
        "text" => new TextReportWriter(color),
        "sarif" => new SarifReportWriter(),
        "json" => new JsonReportWriter(),
        "github" => new GitHubReportWriter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format"),
    };
}
