namespace ManifestGuard.Reporting.Sarif;

internal sealed record SarifPhysicalLocation(SarifArtifactLocation ArtifactLocation, SarifRegion Region);
