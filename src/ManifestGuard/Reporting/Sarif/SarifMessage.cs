namespace ManifestGuard.Reporting.Sarif;

/// <summary>A message or a multiformat message string: plain text, and Markdown where a viewer can render it.</summary>
internal sealed record SarifMessage(string Text, string? Markdown = null);
