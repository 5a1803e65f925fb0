namespace ManifestGuard.Reporting.Sarif;

/// <summary>A URI, relative to the base named by <see cref="UriBaseId"/> when one is given.</summary>
internal sealed record SarifArtifactLocation(string Uri, string? UriBaseId = null);
