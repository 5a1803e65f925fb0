namespace ManifestGuard.Reporting.Sarif;

/// <summary>The Kubernetes object a result belongs to, which survives edits that move it within the file.</summary>
internal sealed record SarifLogicalLocation(string? Name, string FullyQualifiedName, string Kind);
