namespace ManifestGuard.Rules;

/// <summary>The stable rule ids of the catalog; each has its file in `rules/`.</summary>
internal static class RuleIds
{
    public const string ImageNotPinned = "MG101";
    public const string ImageLatestTag = "MG102";
    public const string InvalidImageReference = "MG103";
    public const string RegistryNotAllowed = "MG201";
    public const string RegistryBlocked = "MG202";
    public const string DigestRequiredByPolicy = "MG301";
    public const string ImageRejectedByPolicy = "MG302";
    public const string PolicyScopeShadowed = "MG303";
    public const string InvalidImagePolicy = "MG304";
    public const string PolicyInconsistent = "MG305";
    public const string BreakGlassUsed = "MG401";
    public const string PinnedDigestDrift = "MG501";
    public const string ImageNotFound = "MG502";
    public const string SignatureMissing = "MG601";
    public const string SignatureInvalid = "MG602";
    public const string ManifestParseError = "MG901";
    public const string InvalidSuppression = "MG902";
}
