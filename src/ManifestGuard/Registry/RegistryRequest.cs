using System.Net;
using System.Net.Http.Headers;

namespace ManifestGuard.Registry;

/// <summary>What to send, rebuilt for every hop of a redirect.</summary>
internal sealed record RegistryRequest(
    HttpMethod Method,
    Uri Uri,
    AuthenticationHeaderValue? Authorization,
    string AuthorizedAuthority,
    IReadOnlyList<string> Accept,
    IReadOnlyDictionary<string, string>? Form,
    int MaxBodyBytes
)
{
    /// <summary>A GET or HEAD with credentials meant for the request's own authority.</summary>
    public static RegistryRequest To(
        HttpMethod method,
        Uri uri,
        AuthenticationHeaderValue? authorization,
        IReadOnlyList<string> accept,
        int maxBodyBytes
    ) => new(method, uri, authorization, uri.Authority, accept, null, maxBodyBytes);

    public HttpRequestMessage ToRequest(Uri uri)
    {
        var request = new HttpRequestMessage(Method, uri);
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            // HTTP/2 when the registry offers it in ALPN (one connection carries many manifest requests),
            // HTTP/1.1 otherwise. Plain HTTP stays 1.1: prior-knowledge h2c would break most registries.
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }
        else
        {
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        foreach (var type in Accept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }
        // Same authority, no downgrade: a redirect to a CDN or another host gets no credentials.
        var sameHost =
            uri.Authority.Equals(AuthorizedAuthority, StringComparison.OrdinalIgnoreCase)
            && (uri.Scheme == Uri.Scheme || uri.Scheme == Uri.UriSchemeHttps);
        if (Authorization is not null && sameHost)
        {
            request.Headers.Authorization = Authorization;
        }
        if (Form is not null)
        {
            if (!sameHost)
            {
                request.Dispose();
                throw new RegistryFailure(
                    RegistryErrorKind.Protocol,
                    $"the token service redirected to {uri.Authority}; refusing to send the refresh token there"
                );
            }
            request.Content = new FormUrlEncodedContent(Form);
        }
        return request;
    }

    // The generated ToString would print the Authorization header and the form (which may hold a refresh token).
    public override string ToString() => $"{Method} {Uri}";
}
