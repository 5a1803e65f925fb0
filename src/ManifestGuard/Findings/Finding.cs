using ManifestGuard.Yaml;

namespace ManifestGuard.Findings;

/// <summary>One result of a check, located at the scalar it is about.</summary>
internal sealed record Finding
{
    public required string RuleId { get; init; }

    public required FindingLevel Level { get; init; }

    public required string Message { get; init; }

    /// <summary>Path relative to the scan root, with `/` separators.</summary>
    public required string File { get; init; }

    public required SourceSpan Span { get; init; }

    public ResourceIdentity? Resource { get; init; }

    public string? Container { get; init; }

    /// <summary>Where in the object, e.g. `spec.template.spec.containers[0].image`.</summary>
    public string? Field { get; init; }

    /// <summary>The image as written.</summary>
    public string? Image { get; init; }

    /// <summary>The image fully qualified, when it parses.</summary>
    public string? NormalizedImage { get; init; }

    /// <summary>The policy (object or file, and the scope or rule) that caused a policy finding.</summary>
    public string? Policy { get; init; }

    public Suppression? Suppression { get; init; }

    public FindingFix? Fix { get; init; }

    /// <summary>The kustomization roots or chart variants whose render the finding is about, until the scan names them in the message.</summary>
    public IReadOnlyList<string> RenderedBy { get; init; } = [];

    /// <summary>How the finding compares with the baseline; null when the check was given none.</summary>
    public BaselineState? Baseline { get; init; }

    public bool IsSuppressed => Suppression is not null;

    /// <summary>
    /// What identifies this finding across edits that move it within its file: the rule, the file, the
    /// object, the field (containers named rather than counted where possible) and the image.
    /// </summary>
    public string StableKey => string.Join('|', RuleId, File, Resource?.ToString() ?? "", Container ?? Field ?? "", Image ?? "", Policy ?? "");
}
