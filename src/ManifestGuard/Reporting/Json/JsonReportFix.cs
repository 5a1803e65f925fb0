namespace ManifestGuard.Reporting.Json;

/// <summary>The text that should replace the span from start to end (end column exclusive).</summary>
internal sealed record JsonReportFix(string Description, int StartLine, int StartColumn, int EndLine, int EndColumn, string Replacement);
