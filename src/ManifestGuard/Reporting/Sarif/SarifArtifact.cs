namespace ManifestGuard.Reporting.Sarif;

/// <summary>A file the run reports on.</summary>
internal sealed record SarifArtifact(SarifArtifactLocation Location);
