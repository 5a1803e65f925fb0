using System.Text;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace ManifestGuard.Signatures.OpenPgp;

/// <summary>
/// The public keys of one `signedBy` requirement (keyPath, keyPaths or keyData, armored or binary, one or many
/// keys per file) as one keyring: a signature by any of them is by a trusted key.
/// </summary>
internal sealed class GpgKeyring
{
    private const string ArmorHeader = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

    private readonly List<PgpPublicKeyRing> _rings;

    private GpgKeyring(List<PgpPublicKeyRing> rings) => _rings = rings;

    public int Count => _rings.Count;

    /// <summary>Reads every key in the blobs; null and an error when one holds no OpenPGP public key.</summary>
    public static GpgKeyring? Load(IEnumerable<(string Name, byte[] Bytes)> blobs, out string? error)
    {
        error = null;
        var rings = new List<PgpPublicKeyRing>();
        foreach (var (name, bytes) in blobs)
        {
            var found = 0;
            try
            {
                foreach (var part in ArmoredParts(bytes))
                {
                    using var input = PgpUtilities.GetDecoderStream(new MemoryStream(part));
                    var factory = new PgpObjectFactory(input);
                    while (factory.NextPgpObject() is { } item)
                    {
                        if (item is PgpPublicKeyRing ring)
                        {
                            rings.Add(ring);
                            found++;
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or PgpException)
            {
                error = $"{name} is not an OpenPGP public key: {e.Message}";
                return null;
            }
            if (found == 0)
            {
                error = $"{name} holds no OpenPGP public key";
                return null;
            }
        }
        return new GpgKeyring(rings);
    }

    /// <summary>The key with this id (a primary key or a subkey) and its keyring's primary key.</summary>
    public (PgpPublicKey Key, PgpPublicKey Primary)? Find(long keyId)
    {
        foreach (var ring in _rings)
        {
            if (ring.GetPublicKey(keyId) is { } key)
            {
                return (key, ring.GetPublicKey());
            }
        }
        return null;
    }

    /// <summary>An armored file may hold several blocks one after another; each is decoded on its own.</summary>
    private static IEnumerable<byte[]> ArmoredParts(byte[] bytes)
    {
        var text = Encoding.ASCII.GetString(bytes);
        var first = text.IndexOf(ArmorHeader, StringComparison.Ordinal);
        if (first < 0)
        {
            yield return bytes;
            yield break;
        }
        var starts = new List<int>();
        for (var at = first; at >= 0; at = text.IndexOf(ArmorHeader, at + 1, StringComparison.Ordinal))
        {
            starts.Add(at);
        }
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : text.Length;
            yield return Encoding.ASCII.GetBytes(text[starts[i]..end]);
        }
    }
}
