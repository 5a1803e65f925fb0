namespace ManifestGuard.Signatures;

/// <summary>A signature requirement that applies to an image, with the node configuration that says where its
/// signatures are read.</summary>
internal sealed record ApplicableRequirement(SignatureRequirement Requirement, SignatureNode Node);
