namespace ManifestGuard.Reporting.Json;

/// <param name="Kind">`inlineComment`, `resourceAnnotation` or `baseline`.</param>
internal sealed record JsonReportSuppression(string Kind, string Justification);
