namespace ManifestGuard.Findings;

/// <summary>Where a suppression came from; SARIF calls an inline comment `inSource` and configuration `external`.</summary>
public enum SuppressionKind
{
    InlineComment,
    ResourceAnnotation,
}

public sealed record Suppression(SuppressionKind Kind, string Justification);
