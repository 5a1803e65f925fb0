namespace ManifestGuard.Reporting.Sarif;

public sealed record SarifFix(SarifMessage Description, IReadOnlyList<SarifArtifactChange> ArtifactChanges);
