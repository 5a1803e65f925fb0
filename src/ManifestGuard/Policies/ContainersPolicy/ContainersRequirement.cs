using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>
/// One requirement of a scope. RejectsEverything is set for requirements containers/image accepts in the file but
/// cannot evaluate (signedBy with a keyType other than GPGKeys, signedBaseLayer): they fail every image.
/// </summary>
internal sealed record ContainersRequirement(ContainersRequirementType Type, SourceSpan Span, string? RejectsEverything = null)
{
    /// <summary>The requirement as written (keys, signedIdentity), for signature verification.</summary>
    public YamlMapping? Node { get; init; }

    public string TypeName => Type switch
    {
        ContainersRequirementType.InsecureAcceptAnything => "insecureAcceptAnything",
        ContainersRequirementType.Reject => "reject",
        ContainersRequirementType.SignedBy => "signedBy",
        ContainersRequirementType.SignedBaseLayer => "signedBaseLayer",
        _ => "sigstoreSigned",
    };

    public bool VerifiesSignatures => Type is ContainersRequirementType.SignedBy or ContainersRequirementType.SigstoreSigned;
}
