namespace ManifestGuard.Reporting.Sarif;

internal sealed record SarifReplacement(SarifRegion DeletedRegion, SarifArtifactContent InsertedContent);
