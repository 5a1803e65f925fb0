using System.Security.Cryptography;

namespace ManifestGuard.Signatures.Sigstore;

/// <summary>
/// The public keys of a `sigstoreSigned` requirement (PEM SubjectPublicKeyInfo, one or more per file): ECDSA with
/// SHA-256 and DER signatures (what cosign and openssl write), RSA PKCS#1 v1.5 with SHA-256. Ed25519 keys are
/// read but System.Security.Cryptography has no Ed25519: a signature only they could verify is reported as not
/// verified, never as valid and never as made by a wrong key.
/// </summary>
internal sealed class SigstorePublicKeys : IDisposable
{
    private const string EcOid = "1.2.840.10045.2.1";
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string Ed25519Oid = "1.3.101.112";

    private readonly List<(AsymmetricAlgorithm Key, byte[] Der)> _keys;
    private readonly int _unsupported;

    private SigstorePublicKeys(List<(AsymmetricAlgorithm, byte[])> keys, int unsupported)
    {
        _keys = keys;
        _unsupported = unsupported;
    }

    /// <summary>
    /// The keys this runtime can verify with, each with its SubjectPublicKeyInfo DER (what Rekor logs).
    /// </summary>
    public IReadOnlyList<(AsymmetricAlgorithm Key, byte[] Der)> Keys => _keys;

    /// <summary>How many of the requirement's keys are Ed25519, which this runtime cannot verify with.</summary>
    public int Ed25519Keys => _unsupported;

    /// <summary>Reads every PEM public key in the blobs; null and why when one holds none or an unknown kind.</summary>
    public static SigstorePublicKeys? Load(IEnumerable<(string Name, byte[] Bytes)> blobs, out string? error)
    {
        error = null;
        var keys = new List<(AsymmetricAlgorithm, byte[])>();
        var unsupported = 0;
        foreach (var (name, bytes) in blobs)
        {
            var text = System.Text.Encoding.ASCII.GetString(bytes).AsSpan();
            var found = 0;
            while (PemEncoding.TryFind(text, out var fields))
            {
                var label = text[fields.Label];
                var der = Convert.FromBase64String(text[fields.Base64Data].ToString());
                text = text[fields.Location.End..];
                if (!label.SequenceEqual("PUBLIC KEY"))
                {
                    continue;
                }
                found++;
                try
                {
                    var oid = System
                        .Security.Cryptography.X509Certificates.PublicKey.CreateFromSubjectPublicKeyInfo(der, out _)
                        .Oid.Value;
                    switch (oid)
                    {
                        case EcOid:
                            var ec = ECDsa.Create();
                            ec.ImportSubjectPublicKeyInfo(der, out _);
                            keys.Add((ec, der));
                            break;
                        case RsaOid:
                            var rsa = RSA.Create();
                            rsa.ImportSubjectPublicKeyInfo(der, out _);
                            keys.Add((rsa, der));
                            break;
                        case Ed25519Oid:
                            unsupported++;
                            break;
                        default:
                            error = $"{name} holds a public key of an unknown kind ({oid})";
                            return null;
                    }
                }
                catch (CryptographicException e)
                {
                    error = $"{name} holds a public key that cannot be read ({e.Message})";
                    return null;
                }
            }
            if (found == 0)
            {
                error = $"{name} holds no PEM public key";
                return null;
            }
        }
        return new SigstorePublicKeys(keys, unsupported);
    }

    /// <summary>
    /// Null when one of the keys verifies the signature over the payload; otherwise why none does, labelled "wrong
    /// key", or "not verified" when only keys this runtime cannot use are left.
    /// </summary>
    public string? Verify(byte[] payload, byte[] signature)
    {
        if (_keys.Any(k => Verifies(k.Key, payload, signature)))
        {
            return null;
        }
        return _unsupported > 0
            ? $"not verified: no ECDSA or RSA key of the requirement verifies it, and its {_unsupported} Ed25519 "
                + "key(s) cannot be checked because this runtime has no Ed25519"
            : "wrong key: not made by any of the requirement's keys (or the payload was altered)";
    }

    /// <summary>Whether <paramref name="key"/> made <paramref name="signature"/> over <paramref name="payload"/>:
    /// ECDSA with SHA-256 (DER signature) or RSA PKCS#1 v1.5 with SHA-256.</summary>
    public static bool Verifies(AsymmetricAlgorithm key, byte[] payload, byte[] signature) =>
        key switch
        {
            ECDsa ec => ec.VerifyData(
                payload,
                signature,
                HashAlgorithmName.SHA256,
                DSASignatureFormat.Rfc3279DerSequence
            ),
            RSA rsa => rsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => false,
        };

    public void Dispose()
    {
        foreach (var (key, _) in _keys)
        {
            key.Dispose();
        }
    }
}
