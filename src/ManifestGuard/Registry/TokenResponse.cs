using System.Text.Json;

namespace ManifestGuard.Registry;

/// <summary>A token service's answer. Docker's services send `token`, OAuth2 ones `access_token`; either will do.</summary>
internal sealed record TokenResponse(string Token, int? ExpiresInSeconds)
{
    /// <summary>Null when the body is not JSON or carries no token.</summary>
    public static TokenResponse? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            string? token = null;
            foreach (var name in (ReadOnlySpan<string>)["token", "access_token"])
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                {
                    token = text;
                    break;
                }
            }
            int? expiresIn = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) ? seconds : null;
            return token is null ? null : new TokenResponse(token, expiresIn);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString() => $"{nameof(TokenResponse)} {{ Token = ***, ExpiresInSeconds = {ExpiresInSeconds} }}";
}
