namespace ManifestGuard.Reporting.Sarif;

/// <summary>A URI, relative to the base named by <see cref="UriBaseId"/> when one is given.</summary>
public sealed record SarifArtifactLocation(string Uri, string? UriBaseId = null);
