using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ManifestGuard.References;

namespace ManifestGuard.Registry;

/// <summary>
/// Asks OCI distribution registries what a tag points at and whether a digest exists. One instance per
/// run: it de-duplicates identical questions, caches the answers, bounds the requests in flight per
/// registry, and reuses tokens per repository. It never throws for registry trouble: every answer is a
/// <see cref="ResolveResult"/>.
/// </summary>
internal sealed class RegistryClient : IDisposable
{
    /// <summary>Token responses are a few hundred bytes; anything near this is not a token service.</summary>
    private const int MaxTokenResponseBytes = 1024 * 1024;

    private readonly RegistryClientOptions _options;
    private readonly IRegistryCredentialSource? _credentials;
    private readonly HttpClient _http;

    // The Task is cached, not the value, so concurrent callers asking the same question share one request.
    private readonly ConcurrentDictionary<string, Lazy<Task<ResolveResult>>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

    // registry/repository → the Authorization that last worked there, so later requests skip the 401 round trip.
    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _authorizations = new(StringComparer.Ordinal);

    // realm|service|scope → token, fetched once however many references share a repository.
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new(StringComparer.Ordinal);

    /// <param name="options">Endpoints, insecure hosts, limits and delays.</param>
    /// <param name="credentials">Where credentials come from; null for anonymous access only.</param>
    /// <param name="handler">For tests; must not follow redirects itself. The client disposes it.</param>
    public RegistryClient(RegistryClientOptions options, IRegistryCredentialSource? credentials = null, HttpMessageHandler? handler = null)
    {
        _options = options;
        _credentials = credentials;
        // Redirects are followed by hand: HttpClient's own following decides alone what to do with Authorization.
        handler ??= new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("manifestguard", typeof(RegistryClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    /// <summary>
    /// The digest of what the reference's tag points at now (`latest` when it has none): the index for a
    /// multi-platform image. For `pin`, and for `check --online` drift (MG501) and unknown tags (MG502).
    /// </summary>
    public Task<ResolveResult> ResolveTagAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return Ask(reference.Registry, reference.Repository, reference.Tag ?? "latest", byDigest: false, cancellationToken);
    }

    /// <summary>Whether the registry has the reference's digest (MG502); succeeds with that digest.</summary>
    /// <exception cref="ArgumentException">The reference carries no digest.</exception>
    public Task<ResolveResult> FindDigestAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Digest is not { } digest)
        {
            throw new ArgumentException($"{reference.Raw} has no digest to look up", nameof(reference));
        }
        return Ask(reference.Registry, reference.Repository, digest, byDigest: true, cancellationToken);
    }

    public void Dispose()
    {
        _http.Dispose();
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }

    private Task<ResolveResult> Ask(string registry, string repository, string reference, bool byDigest, CancellationToken cancellationToken)
    {
        var key = $"{registry}/{repository}{(byDigest ? "@" : ":")}{reference}";
        return _answers.GetOrAdd(key, _ => new Lazy<Task<ResolveResult>>(
            () => ResolveAsync(registry, repository, reference, byDigest, cancellationToken))).Value;
    }

    private async Task<ResolveResult> ResolveAsync(string registry, string repository, string reference, bool byDigest, CancellationToken cancellationToken)
    {
        var display = $"{registry}/{repository}{(byDigest ? "@" : ":")}{reference}";
        try
        {
            var endpoint = RegistryEndpoint.For(registry, _options, out var endpointError);
            if (endpointError is not null)
            {
                return ResolveResult.Failure(RegistryErrorKind.Protocol, $"{display}: {endpointError}");
            }
            var target = new Target(registry, repository, endpoint);
            var uri = endpoint.ManifestUri(repository, reference);

            // HEAD first: cheap, and Docker Hub does not count it against pull limits.
            var head = await SendAsync(HttpMethod.Head, uri, target, cancellationToken).ConfigureAwait(false);
            if (head.StatusCode == HttpStatusCode.NotFound)
            {
                return NotFound(display, head);
            }
            if (head.IsSuccess && head.ContentDigest is { } headDigest && ManifestDigest.IsWellFormed(headDigest))
            {
                if (byDigest && headDigest != reference)
                {
                    return ResolveResult.Failure(RegistryErrorKind.Protocol, $"{display}: {head.Host} answered for another digest ({headDigest})");
                }
                return ResolveResult.Success(headDigest, head.ContentType);
            }
            if (head.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || IsRetryable(head.StatusCode))
            {
                return Failed(display, head);
            }

            // No usable digest header (or HEAD not allowed): fetch the manifest and hash it ourselves.
            var get = await SendAsync(HttpMethod.Get, uri, target, cancellationToken).ConfigureAwait(false);
            if (get.StatusCode == HttpStatusCode.NotFound)
            {
                return NotFound(display, get);
            }
            if (!get.IsSuccess || get.Body is not { } body)
            {
                return Failed(display, get);
            }
            if (!IsJsonObject(body))
            {
                // A body cut short (a Content-Length smaller than what was sent) or no manifest at all: its hash would pin nothing.
                return ResolveResult.Failure(RegistryErrorKind.Protocol,
                    $"{display}: {get.Host} sent {body.Length} bytes that are not a JSON manifest (cut short?); refusing to pin them");
            }
            var computed = ManifestDigest.Sha256(body);
            if (get.ContentDigest is { } claimed && !ManifestDigest.Matches(claimed, body))
            {
                return ResolveResult.Failure(RegistryErrorKind.Protocol,
                    $"{display}: {get.Host} sent a manifest whose digest is {computed}, not the {claimed} it claims; refusing to trust it");
            }
            if (byDigest && !ManifestDigest.Matches(reference, body))
            {
                return ResolveResult.Failure(RegistryErrorKind.Protocol,
                    $"{display}: {get.Host} sent a manifest whose digest is {ManifestDigest.Compute(reference, body) ?? computed}; refusing to trust it");
            }
            return ResolveResult.Success(byDigest ? reference : computed, get.ContentType);
        }
        catch (RegistryFailure failure)
        {
            return ResolveResult.Failure(failure.Kind, $"{display}: {failure.Message}");
        }
        catch (RegistryCredentialException e)
        {
            return ResolveResult.Failure(RegistryErrorKind.Unauthorized, $"{display}: {e.Message}");
        }
    }

    private static ResolveResult NotFound(string display, RegistryResponse response) =>
        ResolveResult.Failure(RegistryErrorKind.NotFound, $"{display}: not found ({response.Describe()})");

    private static ResolveResult Failed(string display, RegistryResponse response)
    {
        var (kind, advice) = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => (RegistryErrorKind.Unauthorized, "log in to the registry (docker login) or check the stored credentials"),
            HttpStatusCode.Forbidden => (RegistryErrorKind.Unauthorized, "the credentials have no pull access to this repository"),
            HttpStatusCode.TooManyRequests => (RegistryErrorKind.Network, "rate limited; try again later or log in for a higher limit"),
            var status when (int)status >= 500 => (RegistryErrorKind.Network, "the registry keeps failing; try again later"),
            _ => (RegistryErrorKind.Protocol, "unexpected answer"),
        };
        return ResolveResult.Failure(kind, $"{response.Describe()}: {advice}");
    }

    private static bool IsRetryable(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>One manifest request with auth, retries and redirects: a 401 is answered once per attempt, 5xx/429/network errors are retried.</summary>
    private async Task<RegistryResponse> SendAsync(HttpMethod method, Uri uri, Target target, CancellationToken cancellationToken)
    {
        return await RetryAsync(async () =>
        {
            _authorizations.TryGetValue(target.Key, out var authorization);
            var request = new RequestSpec(method, uri, authorization, target.Endpoint.BaseUri.Authority, ManifestMediaTypes.Accepted, null, _options.MaxManifestBytes);
            var response = await ExchangeAsync(request, target.Registry, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return response;
            }
            var challenge = AuthChallenge.From(response.Headers.WwwAuthenticate);
            var answer = await AuthorizeAsync(challenge, target, rejected: authorization, cancellationToken).ConfigureAwait(false);
            if (answer is null || (authorization is not null && answer.ToString() == authorization.ToString()))
            {
                // Nothing new to offer: another round would be the same 401.
                return response;
            }
            _authorizations[target.Key] = answer;
            return await ExchangeAsync(request with { Authorization = answer }, target.Registry, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Answers a challenge: a token from the realm it names (Bearer), or the stored credentials (Basic).</summary>
    private async Task<AuthenticationHeaderValue?> AuthorizeAsync(AuthChallenge? challenge, Target target, AuthenticationHeaderValue? rejected, CancellationToken cancellationToken)
    {
        if (challenge is null)
        {
            return null;
        }
        var credential = _credentials is null
            ? null
            : await _credentials.FindAsync(target.Registry, target.Repository, cancellationToken).ConfigureAwait(false);
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
            _tokens.TryRemove(key, out _);
        }
        var token = await _tokens.GetOrAdd(key, _ => new Lazy<Task<string>>(
            () => FetchTokenAsync(realmText, service, scope, credential, target, cancellationToken))).Value.ConfigureAwait(false);
        return new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>
    /// The token flow of the distribution spec. The registry's credentials go to the realm its challenge
    /// names (that is the protocol, and how Docker Hub's auth.docker.io works), but never over plain HTTP
    /// outside loopback and the insecure list, and never further than the realm's own host.
    /// </summary>
    private async Task<string> FetchTokenAsync(string realmText, string? service, string scope, RegistryCredential? credential, Target target, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(realmText, UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw new RegistryFailure(RegistryErrorKind.Protocol, $"the token realm \"{realmText}\" in the registry's challenge is not an http(s) URL");
        }
        if (realm.Scheme == Uri.UriSchemeHttp && !RegistryEndpoint.AllowsPlainHttp(realm.Authority, _options))
        {
            throw new RegistryFailure(RegistryErrorKind.Protocol, $"refusing to fetch a token over plain HTTP from {realm.Authority}");
        }

        var query = new StringBuilder();
        if (service is not null)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
        }
        query.Append("scope=").Append(Uri.EscapeDataString(scope));

        RegistryResponse response;
        if (credential is { IsIdentityToken: true })
        {
            // An identity token is a refresh token: trade it by POST (OAuth2), falling back to GET where the POST is unknown.
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = credential.Secret,
                ["service"] = service ?? "",
                ["scope"] = scope,
                ["client_id"] = "manifestguard",
            };
            response = await RetryAsync(
                () => ExchangeAsync(new RequestSpec(HttpMethod.Post, realm, null, realm.Authority, [], form, MaxTokenResponseBytes), target.Registry, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is not HttpStatusCode.NotFound and not HttpStatusCode.MethodNotAllowed)
            {
                return ReadToken(response);
            }
        }
        var uri = new UriBuilder(realm) { Query = (realm.Query.Length > 1 ? realm.Query[1..] + "&" : "") + query }.Uri;
        var authorization = credential is null ? null : new AuthenticationHeaderValue("Basic", BasicValue(credential));
        response = await RetryAsync(
            () => ExchangeAsync(new RequestSpec(HttpMethod.Get, uri, authorization, realm.Authority, [], null, MaxTokenResponseBytes), target.Registry, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return ReadToken(response);
    }

    private static string ReadToken(RegistryResponse response)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new RegistryFailure(RegistryErrorKind.Unauthorized, $"the token service refused the credentials ({response.Describe()}); log in again (docker login)");
        }
        if (!response.IsSuccess || response.Body is not { } body)
        {
            throw new RegistryFailure(IsRetryable(response.StatusCode) ? RegistryErrorKind.Network : RegistryErrorKind.Protocol, $"the token service failed ({response.Describe()})");
        }
        return TokenResponse.Parse(body)?.Token
            ?? throw new RegistryFailure(RegistryErrorKind.Protocol, $"the token service at {response.Host} answered without a token");
    }

    private static string BasicValue(RegistryCredential credential) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Secret));

    /// <summary>Retries 5xx, 429 (waiting what Retry-After asks, capped) and network failures with exponential backoff.</summary>
    private async Task<RegistryResponse> RetryAsync(Func<Task<RegistryResponse>> send, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            try
            {
                var response = await send().ConfigureAwait(false);
                if (!IsRetryable(response.StatusCode) || attempt >= _options.MaxAttempts)
                {
                    return response;
                }
                wait = RetryAfter(response) ?? Backoff(attempt);
            }
            catch (RegistryFailure failure) when (failure.Retryable && attempt < _options.MaxAttempts)
            {
                wait = Backoff(attempt);
            }
            await _options.Delay(wait < _options.MaxRetryDelay ? wait : _options.MaxRetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int attempt) => _options.RetryBaseDelay * Math.Pow(2, attempt - 1);

    private static TimeSpan? RetryAfter(RegistryResponse response)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }
        var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>
    /// One exchange under the registry's concurrency bound and the request timeout, redirects followed by
    /// hand: Authorization goes only to the authority it was meant for, and never down to plain HTTP.
    /// </summary>
    private async Task<RegistryResponse> ExchangeAsync(RequestSpec spec, string registry, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(registry, _ => new SemaphoreSlim(_options.MaxConcurrencyPerRegistry));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        var uri = spec.Uri;
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = spec.ToRequest(uri);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop >= _options.MaxRedirects)
                    {
                        throw new RegistryFailure(RegistryErrorKind.Protocol, $"more than {_options.MaxRedirects} redirects from {spec.Uri.Authority}");
                    }
                    var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    if (next.Scheme == Uri.UriSchemeHttp && !RegistryEndpoint.AllowsPlainHttp(next.Authority, _options))
                    {
                        throw new RegistryFailure(RegistryErrorKind.Protocol, $"{uri.Authority} redirected to plain HTTP at {next.Authority}; refusing");
                    }
                    if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                    {
                        throw new RegistryFailure(RegistryErrorKind.Protocol, $"{uri.Authority} redirected to a {next.Scheme} URL; refusing");
                    }
                    uri = next;
                    continue;
                }
                byte[]? body = null;
                if (spec.Method != HttpMethod.Head && (int)response.StatusCode is >= 200 and < 300)
                {
                    body = await ReadCappedAsync(response.Content, spec.MaxBodyBytes, uri, timeout.Token).ConfigureAwait(false);
                }
                return new RegistryResponse(uri, response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, body);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryFailure(RegistryErrorKind.Network, $"{uri.Authority} did not answer within {_options.RequestTimeout.TotalSeconds:0.###} s", retryable: true);
        }
        catch (HttpRequestException e)
        {
            // The message names the host and the socket error; requests never carry credentials in the URL.
            throw new RegistryFailure(RegistryErrorKind.Network, $"cannot reach {uri.Authority}: {e.Message}", retryable: true);
        }
        catch (IOException e)
        {
            // The body broke off: the server closed the connection before the Content-Length it announced.
            throw new RegistryFailure(RegistryErrorKind.Network, $"the answer from {uri.Authority} broke off: {e.Message}", retryable: true);
        }
        finally
        {
            gate.Release();
        }
    }

    private static bool IsJsonObject(byte[] body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>Reads at most <paramref name="limit"/> bytes, whatever Content-Length says: a lying or hostile server cannot make us buffer more.</summary>
    private static async Task<byte[]> ReadCappedAsync(HttpContent content, int limit, Uri uri, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            throw new RegistryFailure(RegistryErrorKind.Protocol, $"{uri.Authority} sent {content.Headers.ContentLength} bytes; manifests over {limit / 1024 / 1024} MiB are refused");
        }
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw new RegistryFailure(RegistryErrorKind.Protocol, $"{uri.Authority} sent more than {limit / 1024 / 1024} MiB; manifests that large are refused");
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
    }

    /// <summary>The repository a request is about: its auth state and concurrency gate are keyed by it.</summary>
    private sealed record Target(string Registry, string Repository, RegistryEndpoint Endpoint)
    {
        public string Key => Registry + "/" + Repository;
    }

    /// <summary>What to send, rebuilt for every hop of a redirect.</summary>
    private sealed record RequestSpec(
        HttpMethod Method,
        Uri Uri,
        AuthenticationHeaderValue? Authorization,
        string AuthorizedAuthority,
        IReadOnlyList<string> Accept,
        IReadOnlyDictionary<string, string>? Form,
        int MaxBodyBytes)
    {
        public HttpRequestMessage ToRequest(Uri uri)
        {
            var request = new HttpRequestMessage(Method, uri);
            foreach (var type in Accept)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }
            // Same authority, no downgrade: a redirect to a CDN or another host gets no credentials.
            var sameHost = uri.Authority.Equals(AuthorizedAuthority, StringComparison.OrdinalIgnoreCase)
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
                    throw new RegistryFailure(RegistryErrorKind.Protocol, $"the token service redirected to {uri.Authority}; refusing to send the refresh token there");
                }
                request.Content = new FormUrlEncodedContent(Form);
            }
            return request;
        }

        // The generated ToString would print the Authorization header and the form (which may hold a refresh token).
        public override string ToString() => $"{Method} {Uri}";
    }
}
