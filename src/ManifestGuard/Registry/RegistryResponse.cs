using System.Net;
using System.Net.Http.Headers;

namespace ManifestGuard.Registry;

/// <summary>A finished exchange: status, headers and (for GET) the whole body, read under a size cap.</summary>
internal sealed record RegistryResponse(Uri RequestUri, HttpStatusCode StatusCode, HttpResponseHeaders Headers, string? ContentType, byte[]? Body)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    public string Host => RequestUri.Authority;

    /// <summary>The `Docker-Content-Digest` header, or null when absent.</summary>
    public string? ContentDigest =>
        Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault()?.Trim() : null;

    public string Describe() => $"HTTP {(int)StatusCode} {StatusCode} from {Host}";
}
