using System.Collections.Concurrent;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.References;
using ManifestGuard.Registry;
using ManifestGuard.Signatures.Attachments;
using ManifestGuard.Signatures.Lookaside;
using ManifestGuard.Signatures.OpenPgp;
using ManifestGuard.Signatures.Sigstore;

namespace ManifestGuard.Signatures;

/// <summary>
/// Verifies an image against the signature requirements that apply to it, as containers/image does at pull time:
/// the digest (the one its tag points at now, for a reference without a digest), each platform manifest, the
/// signatures stored for it, and for each requirement the first signature that passes every check. Every
/// requirement must be satisfied on every platform. Nothing is cached beyond the run.
/// </summary>
internal sealed class ImageSignatureVerifier(RegistryClient client, SignaturePolicies policies, DateTimeOffset now)
{
    private readonly ConcurrentDictionary<SignatureRequirement, Lazy<(GpgKeyring? Keyring, string? Error)>> _keyrings =
        new();
    private readonly ConcurrentDictionary<
        SignatureRequirement,
        Lazy<(SigstoreTrustRoot? Trust, string? Error)>
    > _trustRoots = new();

    /// <param name="ns">The namespace of the workload: pods of a namespace with an ImagePolicy pull under its policy.</param>
    public async Task<SignatureOutcome> VerifyAsync(
        ImageReference reference,
        string? ns,
        CancellationToken cancellationToken
    )
    {
        var requirements = policies.RequirementsFor(reference, ns);
        if (requirements.Count == 0)
        {
            return OkeOutcome(reference);
        }
        var digest = reference.Digest;
        if (digest is null)
        {
            var resolved = await client.ResolveTagAsync(reference, cancellationToken).ConfigureAwait(false);
            if (!resolved.Succeeded)
            {
                // A missing tag is MG502's finding; other failures are errors of the run, reported there too.
                return SignatureOutcome.Satisfied;
            }
            digest = resolved.Digest!;
        }
        var manifest = await client
            .GetManifestAsync(reference.Registry, reference.Repository, digest, cancellationToken)
            .ConfigureAwait(false);
        if (manifest.Body is not { } body)
        {
            return manifest.IsMissing
                ? SignatureOutcome.Satisfied
                : SignatureOutcome.Error(manifest.Error ?? $"{reference.Name}@{digest}: no manifest");
        }
        var platforms = PlatformManifest.Of(digest, body);
        // CRI-O pulls `name:tag@digest` as `name@digest`; a reference without a digest is pulled by its tag.
        var intended = ImageReference.Parse(DockerScopeLookup.Identity(reference));
        var verifiedAt = reference.Digest is null ? $" (verified at {digest}, what the tag points at now)" : "";

        foreach (var (requirement, node) in requirements)
        {
            var failures = new List<(PlatformManifest Platform, RequirementResult Result)>();
            foreach (var platform in platforms)
            {
                var result = await CheckAsync(requirement, node, reference, intended, platform, cancellationToken)
                    .ConfigureAwait(false);
                if (!result.Satisfied)
                {
                    failures.Add((platform, result));
                }
            }
            if (failures.Count == 0)
            {
                continue;
            }
            var missingOnly = failures.All(f => f.Result.NoSignature);
            var details = string.Join(
                "; ",
                failures.Select(f =>
                    platforms.Count > 1 || f.Platform.Platform is not null
                        ? $"{f.Platform.Describe()}: {f.Result.Detail}"
                        : f.Result.Detail
                )
            );
            var checkedPlatforms =
                platforms.Count > 1
                    ? $" Platforms checked: {string.Join(", ", platforms.Select(p => p.Platform))}."
                    : "";
            var message = missingOnly
                ? $"image \"{reference.Raw}\"{verifiedAt}: {requirement.Policy} requires a {requirement.TypeName} "
                    + $"signature and none is found: {details}.{checkedPlatforms}"
                : $"image \"{reference.Raw}\"{verifiedAt}: no signature satisfies {requirement.TypeName} "
                    + $"under {requirement.Policy}: {details}.{checkedPlatforms}";
            return SignatureOutcome.Finding(
                missingOnly ? Rules.RuleIds.SignatureMissing : Rules.RuleIds.SignatureInvalid,
                message,
                requirement.Policy
            );
        }
        return OkeOutcome(reference);
    }

    /// <summary>
    /// OKE verifies images of its registries with master encryption keys kept in OCI Vault, which cannot be read
    /// from outside the tenancy: such an image is reported as not verified, never as passing.
    /// </summary>
    private SignatureOutcome OkeOutcome(ImageReference reference)
    {
        if (policies.Oke is not { } oke || oke.Registries.FirstOrDefault(p => p.Matches(reference)) is not { } covering)
        {
            return SignatureOutcome.Satisfied;
        }
        var policy = $"OKE image verification registry \"{covering.Text}\"";
        return SignatureOutcome.Finding(
            Rules.RuleIds.SignatureMissing,
            $"image \"{reference.Raw}\" is not verified: {policy} requires a signature made with one of "
                + $"{oke.KeyIds.Count} master encryption key(s) in OCI Vault, which cannot be read from here; "
                + "the image does not count as verified",
            policy
        );
    }

    /// <summary>
    /// One requirement on one platform manifest: the signatures found where the node reads them, and the first that
    /// passes every check. signedBy: simple-signing signatures at the registries.d lookaside, checked with the GPG
    /// keyring. sigstoreSigned: signatures attached in the registry (`sha256-…sig`), checked with the requirement's
    /// public keys, Fulcio CA with Rekor, or PKI roots.
    /// </summary>
    private async Task<RequirementResult> CheckAsync(
        SignatureRequirement requirement,
        SignatureNode node,
        ImageReference reference,
        ImageReference intended,
        PlatformManifest platform,
        CancellationToken cancellationToken
    )
    {
        var identity = DockerScopeLookup.Identity(reference);
        if (requirement.Type == ContainersRequirementType.SignedBy)
        {
            if (node.Registries.LookasideFor(identity) is not { } lookaside)
            {
                return RequirementResult.Missing(
                    node.HasRegistriesDirectory
                        ? "not verified: no registries.d entry gives a lookaside, so the node reads its local "
                            + $"{LookasideReader.LocalDefault}, which cannot be checked from here"
                        : NoRegistriesFile("where the node reads signatures is unknown")
                );
            }
            var stored = await LookasideReader
                .ReadAsync(lookaside, reference.Repository, platform.Digest, client, cancellationToken)
                .ConfigureAwait(false);
            if (stored.Error is not null)
            {
                return RequirementResult.Invalid(
                    $"not verified: signatures at {stored.Location} cannot be read ({stored.Error})"
                );
            }
            if (stored.Signatures.Count == 0)
            {
                return RequirementResult.Missing($"no signature at {stored.Location}/signature-1");
            }
            var (keyring, keyError) = _keyrings
                .GetOrAdd(requirement, r => new Lazy<(GpgKeyring?, string?)>(() => LoadKeys(r, GpgKeyring.Load)))
                .Value;
            return keyring is null
                ? RequirementResult.Invalid($"unusable keys: {keyError}")
                : Decide(
                    stored.Signatures.Select(signature =>
                    {
                        var verification = SimpleSigningVerifier.Verify(signature, keyring, now);
                        return verification.Verified
                            ? JudgePayload(
                                verification.Payload!,
                                SignaturePayload.SimpleSigningType,
                                requirement,
                                intended,
                                platform.Digest
                            )
                            : $"{Label(verification.FailedCheck)}: {verification.Failure}";
                    })
                );
        }

        if (!node.Registries.UsesSigstoreAttachments(identity))
        {
            return RequirementResult.Missing(
                node.HasRegistriesDirectory
                    ? "no signature can be found: no registries.d entry for the image sets "
                        + "use-sigstore-attachments: true, so the node reads none"
                    : NoRegistriesFile("whether the node reads sigstore attachments is unknown")
            );
        }
        var tag = SigstoreAttachments.Tag(platform.Digest);
        var (signatures, error) = await SigstoreAttachments
            .ReadAsync(client, reference.Registry, reference.Repository, platform.Digest, cancellationToken)
            .ConfigureAwait(false);
        if (error is not null)
        {
            return RequirementResult.Invalid($"not verified: the attachments cannot be read ({error})");
        }
        if (signatures.Count == 0)
        {
            return RequirementResult.Missing($"no signature attached at {reference.Name}:{tag}");
        }
        var (trust, trustError) = _trustRoots
            .GetOrAdd(requirement, r => new Lazy<(SigstoreTrustRoot?, string?)>(() =>
                (SigstoreTrustRoot.Load(r, out var error), error)
            ))
            .Value;
        return trust is null
            ? RequirementResult.Invalid($"unusable keys: {trustError}")
            : Decide(
                signatures.Select(signature =>
                    SigstoreSignatureVerifier.Verify(signature, trust, requirement, intended, platform.Digest, now)
                )
            );
    }

    private static string NoRegistriesFile(string consequence) =>
        "not verified: no registries.d file of this node is known (in policyFiles or written by its "
            + $"MachineConfigs), so {consequence}";

    /// <summary>
    /// One signature that passes satisfies the requirement; otherwise each signature's reason is given.
    /// </summary>
    internal static RequirementResult Decide(IEnumerable<string?> reasons)
    {
        var failures = new List<string>();
        var n = 0;
        foreach (var reason in reasons)
        {
            n++;
            if (reason is null)
            {
                return RequirementResult.Pass;
            }
            failures.Add($"signature {n}: {reason}");
        }
        return RequirementResult.Invalid(string.Join(", ", failures));
    }

    /// <summary>
    /// Null when the verified payload satisfies the requirement; otherwise the check it failed, in containers/image's
    /// order.
    /// </summary>
    internal static string? JudgePayload(
        byte[] json,
        string expectedType,
        SignatureRequirement requirement,
        ImageReference intended,
        string manifestDigest
    )
    {
        if (SignaturePayload.Parse(json, out var payloadError) is not { } payload)
        {
            return $"malformed: {payloadError}";
        }
        if (payload.Type != expectedType)
        {
            return $"malformed: the payload's type is \"{payload.Type}\", not \"{expectedType}\"";
        }
        if (!string.Equals(payload.ManifestDigest, manifestDigest, StringComparison.Ordinal))
        {
            return $"digest mismatch: signed for {payload.ManifestDigest}";
        }
        if (!requirement.Identity.Matches(intended, payload.DockerReference))
        {
            return $"identity mismatch: signed for \"{payload.DockerReference}\", which "
                + $"{requirement.Identity.Describe()} does not accept for {intended.Normalized}";
        }
        return null;
    }

    internal static string Label(SignatureCheck check) =>
        check switch
        {
            SignatureCheck.WrongKey => "wrong key",
            SignatureCheck.Expired => "expired",
            SignatureCheck.DigestMismatch => "digest mismatch",
            SignatureCheck.IdentityMismatch => "identity mismatch",
            SignatureCheck.UnusableKeys => "unusable keys",
            _ => "malformed",
        };

    private delegate T? KeyLoader<T>(IEnumerable<(string Name, byte[] Bytes)> blobs, out string? error)
        where T : class;

    private static (T?, string?) LoadKeys<T>(SignatureRequirement requirement, KeyLoader<T> load)
        where T : class
    {
        var blobs = new List<(string, byte[])>();
        foreach (var key in requirement.Keys)
        {
            if (key.Read(out var error) is not { } bytes)
            {
                return (null, error);
            }
            blobs.Add((key.Name, bytes));
        }
        if (blobs.Count == 0)
        {
            return (null, "the requirement names no key");
        }
        var keys = load(blobs, out var loadError);
        return (keys, loadError);
    }
}
