namespace ManifestGuard.Reporting.Sarif;

public sealed record SarifReportingConfiguration(string Level);
