namespace ManifestGuard.Findings;

/// <summary>Where a suppression came from; SARIF calls an inline comment `inSource` and configuration `external`.</summary>
internal enum SuppressionKind
{
    InlineComment,
    ResourceAnnotation,
}

internal sealed record Suppression(SuppressionKind Kind, string Justification);
