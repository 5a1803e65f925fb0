using ManifestGuard.Findings;
using ManifestGuard.Rules;

namespace ManifestGuard.Rendering;

/// <summary>
/// Where a user fixes each part of an image that a renderer produced: the registry and repository
/// (<see cref="Name"/>), the <see cref="Tag"/> and the <see cref="Digest"/>, each where it was set (an
/// overlay's `images:` entry, a values-file line), or null when the part comes as written at
/// <see cref="Image"/> (the base file's `image:` scalar, the template line).
/// </summary>
/// <param name="Origin">What rendered it, for messages: `kustomization overlays/prod`, `chart charts/web with values-prod.yaml`.</param>
/// <param name="Comments">The suppression comments at the place the image is fixed (rendered text keeps no comments).</param>
internal sealed record ImagePlacement(
    SourceLocation Image,
    SourceLocation? Name,
    SourceLocation? Tag,
    SourceLocation? Digest,
    string Origin,
    SuppressionContext Comments)
{
    /// <summary>What a message says about the place when it is not exact (a template line not determined).</summary>
    public string? Note { get; init; }

    /// <summary>The origin as findings name it, with the note when there is one.</summary>
    public string Description => Note is null ? Origin : $"{Origin}; {Note}";

    /// <summary>Where a finding of the rule is placed: at the part of the image the rule is about.</summary>
    public SourceLocation LocationFor(string ruleId) => ruleId switch
    {
        RuleIds.ImageLatestTag => Tag ?? Image,
        RuleIds.RegistryNotAllowed or RuleIds.RegistryBlocked or RuleIds.ImageRejectedByPolicy => Name ?? Image,
        RuleIds.ImageNotPinned or RuleIds.DigestRequiredByPolicy => PinLocation,
        RuleIds.InvalidImageReference => Tag ?? Name ?? Digest ?? Image,
        _ => Tag ?? Image,
    };

    /// <summary>Where a digest belongs: beside the digest or tag already set there, else where the name was set.</summary>
    public SourceLocation PinLocation => Digest ?? Tag ?? Name ?? Image;
}
