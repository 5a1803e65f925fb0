using System.Security.Cryptography;

namespace ManifestGuard.Signatures.Sigstore;

/// <summary>
/// What a sigstoreSigned requirement trusts, loaded once per run: public keys, a Fulcio CA with its identity, or PKI
/// roots with theirs; and the Rekor keys (required with Fulcio, optional with public keys).
/// </summary>
internal sealed class SigstoreTrustRoot
{
    private SigstoreTrustRoot(
        SigstorePublicKeys? publicKeys,
        FulcioCertificates? fulcio,
        PkiCertificates? pki,
        IReadOnlyList<ECDsa>? rekorKeys
    )
    {
        PublicKeys = publicKeys;
        Fulcio = fulcio;
        Pki = pki;
        RekorKeys = rekorKeys;
    }

    public SigstorePublicKeys? PublicKeys { get; }

    public FulcioCertificates? Fulcio { get; }

    public PkiCertificates? Pki { get; }

    /// <summary>Null when the requirement names no Rekor key.</summary>
    public IReadOnlyList<ECDsa>? RekorKeys { get; }

    /// <summary>
    /// The trust root, or null and why it cannot be used (the node then rejects every image of the scope).
    /// </summary>
    public static SigstoreTrustRoot? Load(SignatureRequirement requirement, out string? error)
    {
        error = null;
        var roots = (requirement.Keys.Count > 0 ? 1 : 0)
            + (requirement.Fulcio is null ? 0 : 1)
            + (requirement.Pki is null ? 0 : 1);
        if (roots != 1)
        {
            error = "exactly one of public keys, fulcio and pki must be given";
            return null;
        }
        List<ECDsa>? rekorKeys = null;
        if (requirement.RekorKeys is { } rekorSources)
        {
            if (requirement.Pki is not null)
            {
                error = "Rekor keys are not supported with pki";
                return null;
            }
            rekorKeys = LoadRekorKeys(rekorSources, out error);
            if (rekorKeys is null)
            {
                return null;
            }
        }
        if (requirement.Fulcio is { } fulcioRoot)
        {
            if (rekorKeys is null)
            {
                error = "fulcio needs a Rekor public key";
                return null;
            }
            var fulcio = FulcioCertificates.Load(fulcioRoot, out error);
            return fulcio is null ? null : new SigstoreTrustRoot(null, fulcio, null, rekorKeys);
        }
        if (requirement.Pki is { } pkiRoot)
        {
            var pki = PkiCertificates.Load(pkiRoot, out error);
            return pki is null ? null : new SigstoreTrustRoot(null, null, pki, null);
        }
        var blobs = new List<(string, byte[])>();
        foreach (var key in requirement.Keys)
        {
            if (key.Read(out error) is not { } bytes)
            {
                return null;
            }
            blobs.Add((key.Name, bytes));
        }
        var keys = SigstorePublicKeys.Load(blobs, out error);
        return keys is null ? null : new SigstoreTrustRoot(keys, null, null, rekorKeys);
    }

    private static List<ECDsa>? LoadRekorKeys(IReadOnlyList<KeySource> sources, out string? error)
    {
        error = null;
        var keys = new List<ECDsa>();
        foreach (var source in sources)
        {
            if (source.Read(out error) is not { } bytes)
            {
                return null;
            }
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] != "PUBLIC KEY")
            {
                error = $"{source.Name} holds no PEM public key";
                return null;
            }
            try
            {
                var key = ECDsa.Create();
                key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(text[fields.Base64Data]), out _);
                keys.Add(key);
            }
            catch (CryptographicException)
            {
                error = $"{source.Name} is not an ECDSA public key, as a Rekor key must be";
                return null;
            }
        }
        if (keys.Count == 0)
        {
            error = "the requirement names no Rekor key";
            return null;
        }
        return keys;
    }
}
