namespace ManifestGuard.Reporting.Json;

internal sealed record JsonReportResource(string ApiVersion, string Kind, string? Namespace, string? Name);
