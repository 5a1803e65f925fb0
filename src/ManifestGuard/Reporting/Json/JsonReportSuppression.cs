namespace ManifestGuard.Reporting.Json;

/// <param name="Kind">`inlineComment`, `resourceAnnotation` or `baseline`.</param>
public sealed record JsonReportSuppression(string Kind, string Justification);
