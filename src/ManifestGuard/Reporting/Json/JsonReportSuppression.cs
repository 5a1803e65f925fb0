namespace ManifestGuard.Reporting.Json;

/// <param name="Kind">`inlineComment` or `resourceAnnotation`.</param>
internal sealed record JsonReportSuppression(string Kind, string Justification);
