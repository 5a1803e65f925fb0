namespace ManifestGuard.Reporting.Sarif;

internal sealed record SarifReportingConfiguration(string Level);
