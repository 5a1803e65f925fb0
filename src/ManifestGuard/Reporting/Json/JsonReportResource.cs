namespace ManifestGuard.Reporting.Json;

public sealed record JsonReportResource(string ApiVersion, string Kind, string? Namespace, string? Name);
