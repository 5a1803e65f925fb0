namespace ManifestGuard.Reporting.Sarif;

public sealed record SarifArtifactContent(string Text);
