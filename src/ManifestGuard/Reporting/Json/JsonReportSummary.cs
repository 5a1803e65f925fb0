namespace ManifestGuard.Reporting.Json;

/// <summary>Counts of findings that are not suppressed, per level, and of those that are.</summary>
/// <param name="Suppressed">Suppressed by a comment or an annotation.</param>
/// <param name="Baselined">Known to the baseline the check was given (left out without one).</param>
/// <param name="BaselineFixed">Entries of the baseline that no finding matches any more (left out without a baseline).</param>
internal sealed record JsonReportSummary(int Error, int Warning, int Note, int Suppressed, int? Baselined = null, int? BaselineFixed = null);
