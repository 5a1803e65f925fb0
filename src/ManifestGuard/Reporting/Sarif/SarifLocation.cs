namespace ManifestGuard.Reporting.Sarif;

internal sealed record SarifLocation(SarifPhysicalLocation PhysicalLocation, IReadOnlyList<SarifLogicalLocation>? LogicalLocations);
