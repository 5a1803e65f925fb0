using System.Text.Json;

namespace ManifestGuard.Signatures;

/// <summary>
/// The signed JSON of a simple-signing or cosign signature: `critical` holds exactly `type`,
/// `image.docker-manifest-digest` and `identity.docker-reference`; `optional` is free (or null). Read as
/// strictly as containers/image reads it, so a payload it refuses is refused here.
/// </summary>
internal sealed record SignaturePayload(string Type, string ManifestDigest, string DockerReference)
{
    public const string SimpleSigningType = "atomic container signature";
    public const string CosignType = "cosign container image signature";

    public static SignaturePayload? Parse(byte[] json, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail("the payload is not a JSON object", out error);
            }
            if (
                !ExactKeys(root, ["critical", "optional"], required: ["critical"])
                || root.TryGetProperty("optional", out var optional)
                    && optional.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null)
            )
            {
                return Fail("the payload has other top-level fields than critical and optional", out error);
            }
            var critical = root.GetProperty("critical");
            if (
                critical.ValueKind != JsonValueKind.Object
                || !ExactKeys(critical, ["type", "image", "identity"], ["type", "image", "identity"])
            )
            {
                return Fail("the payload's critical section is not exactly type, image and identity", out error);
            }
            var image = critical.GetProperty("image");
            var identity = critical.GetProperty("identity");
            if (
                critical.GetProperty("type") is not { ValueKind: JsonValueKind.String } type
                || image.ValueKind != JsonValueKind.Object
                || !ExactKeys(image, ["docker-manifest-digest"], ["docker-manifest-digest"])
                || identity.ValueKind != JsonValueKind.Object
                || !ExactKeys(identity, ["docker-reference"], ["docker-reference"])
                || image.GetProperty("docker-manifest-digest").ValueKind != JsonValueKind.String
                || identity.GetProperty("docker-reference").ValueKind != JsonValueKind.String
            )
            {
                return Fail("the payload's image or identity is not as containers/image writes it", out error);
            }
            return new SignaturePayload(
                type.GetString()!,
                image.GetProperty("docker-manifest-digest").GetString()!,
                identity.GetProperty("docker-reference").GetString()!
            );
        }
        catch (JsonException e)
        {
            return Fail($"the payload is not JSON ({e.Message})", out error);
        }
    }

    private static bool ExactKeys(JsonElement element, string[] allowed, string[] required)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal) || !seen.Add(property.Name))
            {
                return false;
            }
        }
        return required.All(seen.Contains);
    }

    private static SignaturePayload? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }
}
