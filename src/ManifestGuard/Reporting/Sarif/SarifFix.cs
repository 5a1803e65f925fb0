namespace ManifestGuard.Reporting.Sarif;

internal sealed record SarifFix(SarifMessage Description, IReadOnlyList<SarifArtifactChange> ArtifactChanges);
