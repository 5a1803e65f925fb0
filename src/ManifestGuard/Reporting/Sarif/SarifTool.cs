namespace ManifestGuard.Reporting.Sarif;

internal sealed record SarifTool(SarifToolComponent Driver);
