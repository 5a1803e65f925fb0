namespace ManifestGuard.Reporting.Json;

/// <summary>The `--format json` report: every finding, suppressed ones included, and counts per level.</summary>
/// <param name="Version">The version of the tool that wrote the report.</param>
internal sealed record JsonReport(string Version, IReadOnlyList<JsonReportFinding> Findings, JsonReportSummary Summary);
