namespace ManifestGuard.Reporting.Sarif;

public sealed record SarifReplacement(SarifRegion DeletedRegion, SarifArtifactContent InsertedContent);
