namespace ManifestGuard.Reporting.Sarif;

internal sealed record SarifArtifactContent(string Text);
