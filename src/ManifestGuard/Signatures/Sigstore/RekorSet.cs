using System.Security.Cryptography;
using System.Text.Json;

namespace ManifestGuard.Signatures.Sigstore;

/// <summary>
/// The Rekor signed entry timestamp of a sigstore signature (the `dev.sigstore.cosign/bundle` annotation):
/// `SignedEntryTimestamp`, Rekor's ECDSA signature over the SHA-256 of the canonical JSON of `Payload`, whose `body`
/// is the logged hashedrekord entry. It proves the signature was logged, and when (`integratedTime`): the moment a
/// short-lived Fulcio certificate must have been valid. Checked as containers/image checks it: the SET's signature by
/// one of the trusted Rekor keys, then that the entry logs this very key or certificate, this signature and the
/// SHA-256 of this payload.
/// </summary>
internal static class RekorSet
{
    private const string HashedRekordVersion = "0.0.1";

    /// <summary>
    /// The integrated time when the SET is valid for the signature; otherwise null and why (labelled "Rekor SET").
    /// </summary>
    /// <param name="signerDer">DER of the signer's public key (SubjectPublicKeyInfo) or certificate, which the logged
    /// entry must carry.</param>
    public static DateTimeOffset? Verify(
        IReadOnlyList<ECDsa> rekorKeys,
        string bundle,
        byte[] signerDer,
        byte[] signature,
        byte[] payload,
        out string? error
    )
    {
        try
        {
            using var document = JsonDocument.Parse(bundle);
            var root = document.RootElement;
            if (!HasExactly(root, "SignedEntryTimestamp", "Payload"))
            {
                return Fail("the bundle is not exactly SignedEntryTimestamp and Payload", out error);
            }
            var timestamp = root.GetProperty("SignedEntryTimestamp").GetBytesFromBase64();
            var canonical = CanonicalJson.Transform(
                System.Text.Encoding.UTF8.GetBytes(root.GetProperty("Payload").GetRawText())
            );
            var hash = SHA256.HashData(canonical);
            if (!rekorKeys.Any(k => k.VerifyHash(hash, timestamp, DSASignatureFormat.Rfc3279DerSequence)))
            {
                return Fail("the signed entry timestamp is not signed by any of the policy's Rekor keys", out error);
            }

            // Read the verified canonical form, not the bytes as delivered.
            using var entry = JsonDocument.Parse(canonical);
            var logged = entry.RootElement;
            if (!HasExactly(logged, "body", "integratedTime", "logIndex", "logID"))
            {
                return Fail("the SET payload is not exactly body, integratedTime, logIndex and logID", out error);
            }
            var integratedTime = logged.GetProperty("integratedTime").GetInt64();
            using var body = JsonDocument.Parse(logged.GetProperty("body").GetBytesFromBase64());
            var rekord = body.RootElement;
            if (Text(rekord, "kind") != "hashedrekord")
            {
                return Fail($"the logged entry is of kind \"{Text(rekord, "kind")}\", not hashedrekord", out error);
            }
            if (Text(rekord, "apiVersion") is not HashedRekordVersion and var version)
            {
                return Fail($"unsupported hashedrekord version \"{version}\"", out error);
            }
            var spec = rekord.GetProperty("spec");
            if (
                !spec.TryGetProperty("signature", out var loggedSignature)
                || !loggedSignature.TryGetProperty("publicKey", out var publicKey)
            )
            {
                return Fail("the logged entry has no signature.publicKey", out error);
            }
            var loggedSigner = SinglePem(publicKey.GetProperty("content").GetBytesFromBase64());
            if (loggedSigner is null)
            {
                return Fail("the logged public key is not one PEM block", out error);
            }
            if (!loggedSigner.AsSpan().SequenceEqual(signerDer))
            {
                return Fail("the logged entry is for another key or certificate than the signature's", out error);
            }
            if (!loggedSignature.GetProperty("content").GetBytesFromBase64().AsSpan().SequenceEqual(signature))
            {
                return Fail("the logged signature differs from the signature's", out error);
            }
            if (
                !spec.TryGetProperty("data", out var data)
                || !data.TryGetProperty("hash", out var loggedHash)
                || Text(loggedHash, "algorithm") is not "sha256"
                || Text(loggedHash, "value") is not { } value
            )
            {
                return Fail("the logged entry has no SHA-256 hash of the payload", out error);
            }
            if (!Convert.FromHexString(value).AsSpan().SequenceEqual(SHA256.HashData(payload)))
            {
                return Fail("the logged payload hash differs from the signed payload's", out error);
            }
            error = null;
            return DateTimeOffset.FromUnixTimeSeconds(integratedTime);
        }
        catch (Exception e)
            when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            error = $"Rekor SET: the bundle is not a Rekor SET ({e.Message})";
            return null;
        }
    }

    /// <summary>The DER of a PEM text that holds one block and nothing after it, as Go's pem.Decode is used.</summary>
    public static byte[]? SinglePem(ReadOnlySpan<byte> pemBytes)
    {
        var text = System.Text.Encoding.ASCII.GetString(pemBytes).AsSpan();
        if (!PemEncoding.TryFind(text, out var fields))
        {
            return null;
        }
        var rest = text[fields.Location.End..];
        if (rest.StartsWith("\r\n"))
        {
            rest = rest[2..];
        }
        else if (rest.StartsWith("\n"))
        {
            rest = rest[1..];
        }
        return rest.Length == 0 ? Convert.FromBase64String(text[fields.Base64Data].ToString()) : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static bool HasExactly(JsonElement element, params string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        var seen = element.EnumerateObject().Select(p => p.Name).ToList();
        return seen.Count == names.Length && names.All(seen.Contains);
    }

    private static DateTimeOffset? Fail(string why, out string? error)
    {
        error = $"Rekor SET: {why}";
        return null;
    }
}
