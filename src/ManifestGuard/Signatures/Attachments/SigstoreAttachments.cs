using System.Text.Json;
using ManifestGuard.Registry;

namespace ManifestGuard.Signatures.Attachments;

/// <summary>
/// Sigstore signatures stored as attachments (`use-sigstore-attachments`): the `sha256-&lt;hex&gt;.sig` tag in the
/// image's repository names an OCI manifest whose layers of type `application/vnd.dev.cosign.simplesigning.v1+json`
/// are signatures (the payload is the layer blob, the signature is in its annotation). Other layers are ignored.
/// Bounded: at most <see cref="MaxSignatures"/> layers, payloads of at most <see cref="MaxPayloadBytes"/>.
/// </summary>
internal static class SigstoreAttachments
{
    public const string SignatureLayerType = "application/vnd.dev.cosign.simplesigning.v1+json";
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";
    public const string CertificateAnnotation = "dev.sigstore.cosign/certificate";
    public const int MaxSignatures = 64;
    public const int MaxPayloadBytes = 4 * 1024 * 1024;

    /// <summary>The attachment tag for a manifest digest: `sha256:abc` → `sha256-abc.sig`.</summary>
    public static string Tag(string digest) => digest.Replace(':', '-') + ".sig";

    /// <summary>The signatures attached to the digest (empty when there is no attachment), or an error.</summary>
    public static async Task<(IReadOnlyList<SigstoreSignature> Signatures, string? Error)> ReadAsync(
        RegistryClient client,
        string registry,
        string repository,
        string digest,
        CancellationToken cancellationToken
    )
    {
        var tag = Tag(digest);
        var manifest = await client
            .GetManifestAsync(registry, repository, tag, cancellationToken)
            .ConfigureAwait(false);
        if (manifest.IsMissing)
        {
            return ([], null);
        }
        if (manifest.Body is not { } body)
        {
            return ([], manifest.Error);
        }
        List<(string Digest, long Size, string? Signature, bool Certificate)> layers;
        try
        {
            layers = SignatureLayers(body);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return ([], $"{registry}/{repository}:{tag} is not an image manifest ({e.Message})");
        }
        if (layers.Count > MaxSignatures)
        {
            return (
                [],
                $"{registry}/{repository}:{tag} holds {layers.Count} signatures; more than {MaxSignatures} are refused"
            );
        }
        var signatures = new List<SigstoreSignature>();
        foreach (var layer in layers)
        {
            if (layer.Size > MaxPayloadBytes)
            {
                return (
                    signatures,
                    $"a signature payload of {layer.Size} bytes in {registry}/{repository}:{tag}; "
                        + $"over {MaxPayloadBytes / 1024 / 1024} MiB is refused"
                );
            }
            var blob = await client
                .GetBlobAsync(registry, repository, layer.Digest, MaxPayloadBytes, cancellationToken)
                .ConfigureAwait(false);
            if (blob.Body is not { } payload)
            {
                return (
                    signatures,
                    blob.Error ?? $"{registry}/{repository}@{layer.Digest}: the signature payload is missing"
                );
            }
            signatures.Add(new SigstoreSignature(payload, Decode(layer.Signature), layer.Certificate));
        }
        return (signatures, null);
    }

    private static List<(string, long, string?, bool)> SignatureLayers(byte[] manifest)
    {
        using var document = JsonDocument.Parse(manifest);
        var result = new List<(string, long, string?, bool)>();
        if (!document.RootElement.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
        {
            return result;
        }
        foreach (var layer in layers.EnumerateArray())
        {
            if (layer.GetProperty("mediaType").GetString() != SignatureLayerType)
            {
                continue;
            }
            string? signature = null;
            var certificate = false;
            if (
                layer.TryGetProperty("annotations", out var annotations)
                && annotations.ValueKind == JsonValueKind.Object
            )
            {
                signature =
                    annotations.TryGetProperty(SignatureAnnotation, out var s) && s.ValueKind == JsonValueKind.String
                        ? s.GetString()
                        : null;
                certificate = annotations.TryGetProperty(CertificateAnnotation, out _);
            }
            var digest = layer.GetProperty("digest").GetString() ?? "";
            if (ManifestDigest.IsWellFormed(digest))
            {
                result.Add((digest, layer.GetProperty("size").GetInt64(), signature, certificate));
            }
        }
        return result;
    }

    private static byte[]? Decode(string? base64)
    {
        if (base64 is null)
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
