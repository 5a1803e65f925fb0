namespace ManifestGuard.Findings;

/// <summary>Where a suppression came from; SARIF calls an inline comment `inSource` and configuration `external`.</summary>
internal enum SuppressionKind
{
    InlineComment,
    ResourceAnnotation,

    /// <summary>Listed in the baseline file the check was given.</summary>
    Baseline,
}

internal sealed record Suppression(SuppressionKind Kind, string Justification);
