namespace ManifestGuard.Reporting.Json;

/// <summary>One finding, flat where a script would filter on it (`jq '.findings[] | select(.level == "error")'`).</summary>
/// <param name="Baseline">`new` or `unchanged` when the check was given a baseline; otherwise left out.</param>
internal sealed record JsonReportFinding(
    string RuleId,
    string Level,
    string Message,
    string File,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn,
    JsonReportResource? Resource,
    string? Container,
    string? Field,
    string? Image,
    string? NormalizedImage,
    string? Policy,
    bool Suppressed,
    JsonReportSuppression? Suppression,
    JsonReportFix? Fix,
    string? Baseline = null);
