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
        List<(string Digest, long Size, Dictionary<string, string> Annotations)> layers;
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
            signatures.Add(new SigstoreSignature(payload, layer.Annotations));
        }
        return (signatures, null);
    }

    private static List<(string, long, Dictionary<string, string>)> SignatureLayers(byte[] manifest)
    {
        using var document = JsonDocument.Parse(manifest);
        var result = new List<(string, long, Dictionary<string, string>)>();
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
            var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
            if (layer.TryGetProperty("annotations", out var found) && found.ValueKind == JsonValueKind.Object)
            {
                foreach (var annotation in found.EnumerateObject())
                {
                    if (annotation.Value.ValueKind == JsonValueKind.String)
                    {
                        annotations[annotation.Name] = annotation.Value.GetString()!;
                    }
                }
            }
            var digest = layer.GetProperty("digest").GetString() ?? "";
            if (ManifestDigest.IsWellFormed(digest))
            {
                result.Add((digest, layer.GetProperty("size").GetInt64(), annotations));
            }
        }
        return result;
    }
}
