using System.Security.Cryptography;
using ManifestGuard.References;
using ManifestGuard.Signatures.Attachments;

namespace ManifestGuard.Signatures.Sigstore;

/// <summary>
/// Judges one sigstore signature against a sigstoreSigned requirement in containers/image's order: the signature
/// annotation; then the key that must have made it (a trusted public key, with its Rekor SET when Rekor keys are
/// given; the certificate of a Fulcio CA, after its Rekor SET proves when it was logged; the certificate of a PKI
/// root); then the cryptographic signature over the payload; then the payload's digest and identity.
/// </summary>
internal static class SigstoreSignatureVerifier
{
    /// <summary>
    /// Null when the signature satisfies the requirement; otherwise why not, labelled as MG602 says it.
    /// </summary>
    public static string? Verify(
        SigstoreSignature signature,
        SigstoreTrustRoot trust,
        SignatureRequirement requirement,
        ImageReference intended,
        string manifestDigest,
        DateTimeOffset now
    )
    {
        if (signature.Annotation(SigstoreSignature.SignatureAnnotation) is not { } base64Signature)
        {
            return $"malformed: the layer has no {SigstoreSignature.SignatureAnnotation} annotation";
        }
        byte[] signatureBytes;
        try
        {
            signatureBytes = Convert.FromBase64String(base64Signature);
        }
        catch (FormatException)
        {
            return "malformed: the signature annotation is not base64";
        }
        string? failure;
        try
        {
            failure = KeyFailure(signature, signatureBytes, trust, now);
        }
        catch (Exception e) when (e is CryptographicException or NotSupportedException)
        {
            // Hostile certificates or keys the platform cannot use: never a pass, never a crash.
            return $"malformed: the signature's certificate or key cannot be used ({e.Message})";
        }
        return failure
            ?? ImageSignatureVerifier.JudgePayload(
                signature.Payload,
                SignaturePayload.CosignType,
                requirement,
                intended,
                manifestDigest
            );
    }

    /// <summary>Null when a key the trust root accepts made the signature; otherwise why not.</summary>
    private static string? KeyFailure(
        SigstoreSignature signature,
        byte[] signatureBytes,
        SigstoreTrustRoot trust,
        DateTimeOffset now
    )
    {
        if (trust.PublicKeys is { } publicKeys)
        {
            return trust.RekorKeys is { } rekorKeys
                ? VerifyLoggedKey(publicKeys, rekorKeys, signature, signatureBytes)
                : publicKeys.Verify(signature.Payload, signatureBytes);
        }
        // SigstoreTrustRoot.Load gives exactly one trust root, and Fulcio only with Rekor keys.
        string? failure;
        var key = trust.Fulcio is { } fulcio
            ? FulcioKey(fulcio, trust.RekorKeys!, signature, signatureBytes, out failure)
            : PkiKey(trust.Pki!, signature, now, out failure);
        using (key)
        {
            if (key is not null && !SigstorePublicKeys.Verifies(key, signature.Payload, signatureBytes))
            {
                failure = "wrong key: the signature was not made by the certificate's key "
                    + "(or the payload was altered)";
            }
            else if (key is null)
            {
                failure ??= "not verified: the certificate's key is neither ECDSA nor RSA, "
                    + "which this runtime checks";
            }
        }
        return failure;
    }

    /// <summary>
    /// Public keys with Rekor: the SET must log one of the keys; only that key may have made the signature.
    /// </summary>
    private static string? VerifyLoggedKey(
        SigstorePublicKeys keys,
        IReadOnlyList<ECDsa> rekorKeys,
        SigstoreSignature signature,
        byte[] signatureBytes
    )
    {
        if (signature.Annotation(SigstoreSignature.BundleAnnotation) is not { } bundle)
        {
            return $"Rekor SET: the signature carries no {SigstoreSignature.BundleAnnotation} annotation";
        }
        var failures = new List<string>();
        foreach (var (key, der) in keys.Keys)
        {
            if (RekorSet.Verify(rekorKeys, bundle, der, signatureBytes, signature.Payload, out var error) is not null)
            {
                return SigstorePublicKeys.Verifies(key, signature.Payload, signatureBytes)
                    ? null
                    : "wrong key: not made by the key the Rekor SET logs (or the payload was altered)";
            }
            failures.Add(error!);
        }
        return failures.Count == 0
            ? "not verified: the requirement has no key this runtime can check against the Rekor SET"
            : failures.Distinct(StringComparer.Ordinal).Count() == 1
                ? failures[0]
                : "Rekor SET: no key of the requirement is logged by it ("
                    + string.Join("; ", failures.Select(f => f["Rekor SET: ".Length..]))
                    + ")";
    }

    private static AsymmetricAlgorithm? FulcioKey(
        FulcioCertificates fulcio,
        IReadOnlyList<ECDsa> rekorKeys,
        SigstoreSignature signature,
        byte[] signatureBytes,
        out string? failure
    )
    {
        if (signature.Annotation(SigstoreSignature.BundleAnnotation) is not { } bundle)
        {
            failure = $"Rekor SET: the signature carries no {SigstoreSignature.BundleAnnotation} annotation";
            return null;
        }
        using var leaf = Certificate(signature, out failure);
        if (leaf is null)
        {
            return null;
        }
        // The SET logs the certificate as the signature carries it: compare the PEM block's bytes.
        var certificateDer = RekorSet.SinglePem(
            System.Text.Encoding.ASCII.GetBytes(signature.Annotation(SigstoreSignature.CertificateAnnotation)!)
        );
        if (certificateDer is null)
        {
            failure = "malformed: the certificate annotation is not one PEM block";
            return null;
        }
        var integratedTime = RekorSet.Verify(
            rekorKeys,
            bundle,
            certificateDer,
            signatureBytes,
            signature.Payload,
            out failure
        );
        if (integratedTime is not { } at)
        {
            return null;
        }
        return fulcio.Verify(leaf, signature.Annotation(SigstoreSignature.ChainAnnotation), at, out failure);
    }

    private static AsymmetricAlgorithm? PkiKey(
        PkiCertificates pki,
        SigstoreSignature signature,
        DateTimeOffset now,
        out string? failure
    )
    {
        using var leaf = Certificate(signature, out failure);
        return leaf is null
            ? null
            : pki.Verify(leaf, signature.Annotation(SigstoreSignature.ChainAnnotation), now, out failure);
    }

    /// <summary>The signing certificate the signature carries, or null and why not.</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate(
        SigstoreSignature signature,
        out string? failure
    )
    {
        if (signature.Annotation(SigstoreSignature.CertificateAnnotation) is not { } pem)
        {
            failure = "certificate chain: the signature carries no "
                + $"{SigstoreSignature.CertificateAnnotation} annotation";
            return null;
        }
        var leaf = SigningCertificates.ReadLeaf(pem, out failure);
        if (leaf is null)
        {
            failure = $"malformed: {failure}";
        }
        return leaf;
    }
}
