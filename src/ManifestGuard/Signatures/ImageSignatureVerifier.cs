using System.Collections.Concurrent;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.References;
using ManifestGuard.Registry;
using ManifestGuard.Signatures.Lookaside;
using ManifestGuard.Signatures.OpenPgp;

namespace ManifestGuard.Signatures;

/// <summary>
/// Verifies an image against the signature requirements that apply to it, as containers/image does at pull time:
/// the digest (the one its tag points at now, for a reference without a digest), each platform manifest, the
/// signatures stored for it, and for each requirement the first signature that passes every check. Every
/// requirement must be satisfied on every platform. Nothing is cached beyond the run.
/// </summary>
internal sealed class ImageSignatureVerifier(RegistryClient client, SignaturePolicies policies, DateTimeOffset now)
{
    private readonly ConcurrentDictionary<SignatureRequirement, Lazy<(GpgKeyring? Keyring, string? Error)>> _keyrings = new();

    public async Task<SignatureOutcome> VerifyAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var requirements = policies.RequirementsFor(reference);
        if (requirements.Count == 0)
        {
            return SignatureOutcome.Satisfied;
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
        var manifest = await client.GetManifestAsync(reference.Registry, reference.Repository, digest, cancellationToken).ConfigureAwait(false);
        if (manifest.Body is not { } body)
        {
            return manifest.IsMissing ? SignatureOutcome.Satisfied : SignatureOutcome.Error(manifest.Error ?? $"{reference.Name}@{digest}: no manifest");
        }
        var platforms = PlatformManifest.Of(digest, body);
        // CRI-O pulls `name:tag@digest` as `name@digest`; a reference without a digest is pulled by its tag.
        var intended = ImageReference.Parse(DockerScopeLookup.Identity(reference));
        var verifiedAt = reference.Digest is null ? $" (verified at {digest}, what the tag points at now)" : "";

        foreach (var requirement in requirements)
        {
            var failures = new List<(PlatformManifest Platform, RequirementResult Result)>();
            foreach (var platform in platforms)
            {
                var result = await CheckAsync(requirement, reference, intended, platform, cancellationToken).ConfigureAwait(false);
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
            var details = string.Join("; ", failures.Select(f => platforms.Count > 1 || f.Platform.Platform is not null
                ? $"{f.Platform.Describe()}: {f.Result.Detail}"
                : f.Result.Detail));
            var checkedPlatforms = platforms.Count > 1 ? $" Platforms checked: {string.Join(", ", platforms.Select(p => p.Platform))}." : "";
            var message = missingOnly
                ? $"image \"{reference.Raw}\"{verifiedAt}: {requirement.Policy} requires a {requirement.TypeName} signature and none is found: {details}.{checkedPlatforms}"
                : $"image \"{reference.Raw}\"{verifiedAt}: no signature satisfies {requirement.TypeName} under {requirement.Policy}: {details}.{checkedPlatforms}";
            return SignatureOutcome.Finding(missingOnly ? Rules.RuleIds.SignatureMissing : Rules.RuleIds.SignatureInvalid, message, requirement.Policy);
        }
        return SignatureOutcome.Satisfied;
    }

    private async Task<RequirementResult> CheckAsync(SignatureRequirement requirement, ImageReference reference, ImageReference intended,
        PlatformManifest platform, CancellationToken cancellationToken)
    {
        if (requirement.Type != ContainersRequirementType.SignedBy)
        {
            return RequirementResult.Invalid($"not verified: {requirement.TypeName} verification is not available in this version, so the image does not count as verified");
        }
        var lookaside = policies.Registries.LookasideFor(DockerScopeLookup.Identity(reference));
        if (lookaside is null)
        {
            return RequirementResult.Missing(policies.HasRegistriesDirectory
                ? $"not verified: no registries.d entry gives a lookaside, so the node reads its local {LookasideReader.LocalDefault}, which cannot be checked from here"
                : "not verified: no registries.d file is listed in policyFiles, so where the node reads signatures is unknown");
        }
        var stored = await LookasideReader.ReadAsync(lookaside, reference.Repository, platform.Digest, client, cancellationToken).ConfigureAwait(false);
        if (stored.Error is not null)
        {
            return RequirementResult.Invalid($"not verified: signatures at {stored.Location} cannot be read ({stored.Error})");
        }
        if (stored.Signatures.Count == 0)
        {
            return RequirementResult.Missing($"no signature at {stored.Location}/signature-1");
        }
        var (keyring, keyError) = _keyrings.GetOrAdd(requirement, r => new Lazy<(GpgKeyring?, string?)>(() => LoadKeyring(r))).Value;
        if (keyring is null)
        {
            return RequirementResult.Invalid($"unusable keys: {keyError}");
        }
        var reasons = new List<string>();
        for (var i = 0; i < stored.Signatures.Count; i++)
        {
            var reason = Judge(stored.Signatures[i], keyring, requirement, intended, platform.Digest);
            if (reason is null)
            {
                return RequirementResult.Pass;
            }
            reasons.Add($"signature-{i + 1}: {reason}");
        }
        return RequirementResult.Invalid(string.Join(", ", reasons));
    }

    /// <summary>Null when the signature satisfies the requirement; otherwise the check it failed, in containers/image's order.</summary>
    private string? Judge(byte[] signature, GpgKeyring keyring, SignatureRequirement requirement, ImageReference intended, string manifestDigest)
    {
        var verification = SimpleSigningVerifier.Verify(signature, keyring, now);
        if (!verification.Verified)
        {
            return $"{Label(verification.FailedCheck)}: {verification.Failure}";
        }
        if (SignaturePayload.Parse(verification.Payload!, out var payloadError) is not { } payload)
        {
            return $"malformed: {payloadError}";
        }
        if (payload.Type != SignaturePayload.SimpleSigningType)
        {
            return $"malformed: the payload's type is \"{payload.Type}\", not \"{SignaturePayload.SimpleSigningType}\"";
        }
        if (!string.Equals(payload.ManifestDigest, manifestDigest, StringComparison.Ordinal))
        {
            return $"digest mismatch: signed for {payload.ManifestDigest}";
        }
        if (!requirement.Identity.Matches(intended, payload.DockerReference))
        {
            return $"identity mismatch: signed for \"{payload.DockerReference}\", which {requirement.Identity.Describe()} does not accept for {intended.Normalized}";
        }
        return null;
    }

    private static string Label(SignatureCheck check) => check switch
    {
        SignatureCheck.WrongKey => "wrong key",
        SignatureCheck.Expired => "expired",
        SignatureCheck.DigestMismatch => "digest mismatch",
        SignatureCheck.IdentityMismatch => "identity mismatch",
        SignatureCheck.UnusableKeys => "unusable keys",
        _ => "malformed",
    };

    private static (GpgKeyring?, string?) LoadKeyring(SignatureRequirement requirement)
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
        var keyring = GpgKeyring.Load(blobs, out var loadError);
        return (keyring, loadError);
    }
}
