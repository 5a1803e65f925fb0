namespace ManifestGuard.Reporting.Sarif;

/// <summary>One invocation of the tool: its rules, where relative URIs start, and its results.</summary>
internal sealed record SarifRun(
    SarifTool Tool,
    IReadOnlyDictionary<string, SarifArtifactLocation> OriginalUriBaseIds,
    IReadOnlyList<SarifArtifact>? Artifacts,
    IReadOnlyList<SarifResult> Results);
