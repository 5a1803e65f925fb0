using System.Collections.Concurrent;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace ManifestGuard.Signatures.OpenPgp;

/// <summary>
/// Verifiers for RSA signatures over binary data with a key built once per run. Building an RSA key from its
/// OpenPGP packet tests the modulus for primality (Miller-Rabin, tens of milliseconds for a 3072-bit key), and the
/// library's own verification builds it again for every signature; with one key signing hundreds of images that
/// test was most of the time of `check --online`. The signed data is hashed exactly as the library does: the
/// payload, then the signature's hashed trailer.
/// </summary>
internal static class RsaSigner
{
    private static readonly ConcurrentDictionary<string, AsymmetricKeyParameter> Keys = new(StringComparer.Ordinal);

    /// <summary>A verifier ready for the signed data, or null where the library's own path is used.</summary>
    public static ISigner? For(PgpSignature signature, PgpPublicKey key)
    {
        if (
            key.Algorithm is not (PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaSign)
            || signature.SignatureType != PgpSignature.BinaryDocument
            || DigestName(signature.HashAlgorithm) is not { } digest
        )
        {
            return null;
        }
        var parameters = Keys.GetOrAdd(Convert.ToBase64String(key.PublicKeyPacket.GetEncoded()), _ => key.GetKey());
        var signer = SignerUtilities.GetSigner(digest + "withRSA");
        signer.Init(false, parameters);
        return signer;
    }

    private static string? DigestName(HashAlgorithmTag hash) =>
        hash switch
        {
            HashAlgorithmTag.Sha1 => "SHA1",
            HashAlgorithmTag.Sha224 => "SHA224",
            HashAlgorithmTag.Sha256 => "SHA256",
            HashAlgorithmTag.Sha384 => "SHA384",
            HashAlgorithmTag.Sha512 => "SHA512",
            _ => null,
        };
}
