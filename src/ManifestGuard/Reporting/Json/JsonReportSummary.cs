namespace ManifestGuard.Reporting.Json;

/// <summary>Counts of findings that are not suppressed, per level, and of those that are.</summary>
internal sealed record JsonReportSummary(int Error, int Warning, int Note, int Suppressed);
