namespace ManifestGuard.Reporting.Sarif;

/// <summary>The tool's driver: who wrote the log, and the metadata of every rule results point at by index.</summary>
internal sealed record SarifToolComponent(
    string Name,
    string InformationUri,
    string Version,
    string SemanticVersion,
    IReadOnlyList<SarifReportingDescriptor> Rules);
