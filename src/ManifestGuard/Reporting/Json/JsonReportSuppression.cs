namespace ManifestGuard.Reporting.Json;

/// <param name="Kind">`inlineComment` or `resourceAnnotation`.</param>
public sealed record JsonReportSuppression(string Kind, string Justification);
