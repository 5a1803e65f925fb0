namespace ManifestGuard.Signatures.Identity;

/// <summary>The `signedIdentity` types of policy.json.</summary>
internal enum SignedIdentityKind
{
    MatchRepoDigestOrExact,
    MatchRepository,
    MatchExact,
    ExactReference,
    ExactRepository,
    RemapIdentity,
}
