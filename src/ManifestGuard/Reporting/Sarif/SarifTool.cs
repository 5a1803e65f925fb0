namespace ManifestGuard.Reporting.Sarif;

public sealed record SarifTool(SarifToolComponent Driver);
