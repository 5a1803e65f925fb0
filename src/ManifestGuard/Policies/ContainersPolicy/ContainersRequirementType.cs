namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>The requirement types containers/image knows in policy.json.</summary>
internal enum ContainersRequirementType
{
    InsecureAcceptAnything,
    Reject,
    SignedBy,
    SignedBaseLayer,
    SigstoreSigned,
}
