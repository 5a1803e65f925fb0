namespace ManifestGuard.Reporting.Sarif;

/// <summary>A file the run reports on.</summary>
public sealed record SarifArtifact(SarifArtifactLocation Location);
