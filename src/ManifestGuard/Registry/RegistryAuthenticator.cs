using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ManifestGuard.Registry;

/// <summary>
/// Answers a registry's 401: a token from the realm its challenge names (Bearer), or the stored credentials
/// (Basic). Remembers per repository what worked, so later requests skip the 401 round trip.
/// </summary>
internal sealed class RegistryAuthenticator(
    RegistryClientOptions options,
    IRegistryCredentialSource? credentials,
    RegistryTransport transport,
    RetryPolicy retry,
    CancellationToken lifetime
)
{
    /// <summary>Token responses are a few hundred bytes; anything near this is not a token service.</summary>
    private const int MaxTokenResponseBytes = 1024 * 1024;

    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _authorizations = new(
        StringComparer.Ordinal
    );
    private readonly TokenCache _tokens = new();

    /// <summary>The Authorization that last worked for the repository, or null.</summary>
    public AuthenticationHeaderValue? Current(RepositoryTarget target) =>
        _authorizations.TryGetValue(target.Key, out var authorization) ? authorization : null;

    /// <summary>
    /// Something new to send after a 401, or null when there is nothing (another round would be the same 401).
    /// </summary>
    public async Task<AuthenticationHeaderValue?> AnswerAsync(
        RegistryResponse unauthorized,
        RepositoryTarget target,
        AuthenticationHeaderValue? rejected,
        LookupBudget budget
    )
    {
        var answer = await AuthorizeAsync(
                AuthChallenge.From(unauthorized.Headers.WwwAuthenticate),
                target,
                rejected,
                budget
            )
            .ConfigureAwait(false);
        if (answer is null || (rejected is not null && answer.ToString() == rejected.ToString()))
        {
            return null;
        }
        _authorizations[target.Key] = answer;
        return answer;
    }

    private async Task<AuthenticationHeaderValue?> AuthorizeAsync(
        AuthChallenge? challenge,
        RepositoryTarget target,
        AuthenticationHeaderValue? rejected,
        LookupBudget budget
    )
    {
        if (challenge is null)
        {
            return null;
        }
        var credential = credentials is null
            ? null
            : await credentials.FindAsync(target.Registry, target.Repository, budget.Token).ConfigureAwait(false);
        if (challenge.IsBasic)
        {
            return credential is null ? null : new AuthenticationHeaderValue("Basic", BasicValue(credential));
        }
        if (!challenge.IsBearer || challenge["realm"] is not { } realmText)
        {
            return null;
        }
        // Scope and service come from the challenge: each registry (and Docker Hub) names its own.
        var scope = challenge["scope"] ?? $"repository:{target.Repository}:pull";
        var service = challenge["service"];
        var key = $"{realmText}|{service}|{scope}";
        if (rejected is not null)
        {
            // The token we sent was refused (expired, or scoped for less): fetch a fresh one once.
            _tokens.Forget(key);
        }
        var token = await _tokens
            .GetAsync(key, () => FetchTokenAsync(realmText, service, scope, credential, target), budget.Token)
            .ConfigureAwait(false);
        return new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>
    /// The token flow of the distribution spec, on its own budget (it is shared by every question waiting for it).
    /// The registry's credentials go to the realm its challenge names (that is the protocol, and how Docker Hub's
    /// auth.docker.io works), but never over plain HTTP outside loopback and the insecure list, and never further
    /// than the realm's own host.
    /// </summary>
    private async Task<string> FetchTokenAsync(
        string realmText,
        string? service,
        string scope,
        RegistryCredential? credential,
        RepositoryTarget target
    )
    {
        if (
            !Uri.TryCreate(realmText, UriKind.Absolute, out var realm)
            || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp)
        )
        {
            throw new RegistryFailure(
                RegistryErrorKind.Protocol,
                $"the token realm \"{realmText}\" in the registry's challenge is not an http(s) URL"
            );
        }
        if (realm.Scheme == Uri.UriSchemeHttp && !RegistryEndpoint.AllowsPlainHttp(realm.Authority, options))
        {
            throw new RegistryFailure(
                RegistryErrorKind.Protocol,
                $"refusing to fetch a token over plain HTTP from {realm.Authority}"
            );
        }
        using var budget = new LookupBudget(options.Timeout, lifetime);
        try
        {
            return await FetchTokenAsync(realm, service, scope, credential, target, budget).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (budget.Expired)
        {
            throw new RegistryFailure(
                RegistryErrorKind.Network,
                "the token service: " + budget.DescribeTimeout(realm.Authority)
            );
        }
    }

    private async Task<string> FetchTokenAsync(
        Uri realm,
        string? service,
        string scope,
        RegistryCredential? credential,
        RepositoryTarget target,
        LookupBudget budget
    )
    {
        var query = new StringBuilder();
        if (service is not null)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
        }
        query.Append("scope=").Append(Uri.EscapeDataString(scope));

        if (credential is { IsIdentityToken: true })
        {
            // An identity token is a refresh token: trade it by POST (OAuth2), falling back to GET where the POST is
            // unknown.
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = credential.Secret,
                ["service"] = service ?? "",
                ["scope"] = scope,
                ["client_id"] = "manifestguard",
            };
            var posted = await ExchangeAsync(HttpMethod.Post, realm, null, form).ConfigureAwait(false);
            if (posted.StatusCode is not HttpStatusCode.NotFound and not HttpStatusCode.MethodNotAllowed)
            {
                return ReadToken(posted);
            }
        }
        var uri = new UriBuilder(realm) { Query = (realm.Query.Length > 1 ? realm.Query[1..] + "&" : "") + query }.Uri;
        var authorization = credential is null ? null : new AuthenticationHeaderValue("Basic", BasicValue(credential));
        return ReadToken(await ExchangeAsync(HttpMethod.Get, uri, authorization, null).ConfigureAwait(false));

        // Credentials and the form go to the realm's host only: a redirect elsewhere gets neither.
        Task<RegistryResponse> ExchangeAsync(
            HttpMethod method,
            Uri address,
            AuthenticationHeaderValue? header,
            IReadOnlyDictionary<string, string>? form
        )
        {
            var request = new RegistryRequest(
                method, address, header, realm.Authority, [], form, MaxTokenResponseBytes);
            return retry.SendAsync(() => transport.ExchangeAsync(request, target.Registry, budget), budget);
        }
    }

    private static string ReadToken(RegistryResponse response)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new RegistryFailure(
                RegistryErrorKind.Unauthorized,
                $"the token service refused the credentials ({response.Describe()}); log in again (docker login)"
            );
        }
        if (!response.IsSuccess || response.Body is not { } body)
        {
            var kind = RetryPolicy.IsRetryable(response.StatusCode)
                ? RegistryErrorKind.Network
                : RegistryErrorKind.Protocol;
            throw new RegistryFailure(kind, $"the token service failed ({response.Describe()})");
        }
        return TokenResponse.Parse(body)?.Token
            ?? throw new RegistryFailure(
                RegistryErrorKind.Protocol,
                $"the token service at {response.Host} answered without a token"
            );
    }

    private static string BasicValue(RegistryCredential credential) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Secret));
}
