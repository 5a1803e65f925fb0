namespace ManifestGuard.Reporting.Sarif;

public sealed record SarifPhysicalLocation(SarifArtifactLocation ArtifactLocation, SarifRegion Region);
