namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>One registries.d namespace entry: where signatures of images in the scope are found.</summary>
internal sealed record SignatureStorage(string? Lookaside, bool? UseSigstoreAttachments);
