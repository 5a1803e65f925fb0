using System.Text.Json;
using ManifestGuard.Registry;

namespace ManifestGuard.Signatures;

/// <summary>
/// A manifest a node actually pulls and verifies: the image's own manifest, or each platform's manifest of an index
/// (the policy is checked on the platform manifest, so each platform needs its own signature).
/// </summary>
/// <param name="Platform">`os/architecture[/variant]`, or null for a single-platform image.</param>
internal sealed record PlatformManifest(string Digest, string? Platform)
{
    public string Describe() => Platform is null ? Digest : $"{Platform} ({Digest})";

    /// <summary>
    /// The platform manifests of an index, or the manifest itself; attestation entries (`unknown/unknown`) are never
    /// pulled.
    /// </summary>
    public static IReadOnlyList<PlatformManifest> Of(string digest, byte[] manifest)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest);
            var root = document.RootElement;
            var mediaType =
                root.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String
                    ? type.GetString()
                    : null;
            if (
                !ManifestMediaTypes.IsIndex(mediaType)
                && !(mediaType is null && root.TryGetProperty("manifests", out _))
            )
            {
                return [new PlatformManifest(digest, null)];
            }
            var platforms = new List<PlatformManifest>();
            foreach (var entry in root.GetProperty("manifests").EnumerateArray())
            {
                if (
                    !entry.TryGetProperty("digest", out var entryDigest)
                    || entryDigest.GetString() is not { } value
                    || !ManifestDigest.IsWellFormed(value)
                )
                {
                    continue;
                }
                var platform =
                    entry.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object
                        ? string.Join(
                            '/',
                            new[] { Text(p, "os"), Text(p, "architecture"), Text(p, "variant") }.Where(s =>
                                s.Length > 0
                            )
                        )
                        : "unknown";
                if (platform != "unknown/unknown")
                {
                    platforms.Add(new PlatformManifest(value, platform));
                }
            }
            return platforms;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return [new PlatformManifest(digest, null)];
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? ""
            : "";
}
