using System.Collections.Concurrent;
using System.Net;
using ManifestGuard.References;

namespace ManifestGuard.Registry;

/// <summary>
/// Asks OCI distribution registries what a tag points at and whether a digest exists. One instance per
/// run: it de-duplicates identical questions, caches the answers for the run, and bounds each question by
/// the configured timeout. Authentication, retries and the HTTP exchange are its parts
/// (<see cref="RegistryAuthenticator"/>, <see cref="RetryPolicy"/>, <see cref="RegistryTransport"/>).
/// It never throws for registry trouble: every answer is a <see cref="ResolveResult"/>.
/// </summary>
internal sealed class RegistryClient : IDisposable
{
    private readonly RegistryClientOptions _options;
    private readonly RegistryTransport _transport;
    private readonly RetryPolicy _retry;
    private readonly RegistryAuthenticator _authenticator;

    // Work shared by several callers runs on the client's lifetime, never on the first caller's token.
    private readonly CancellationTokenSource _lifetime = new();

    // The Task is cached, not the value, so concurrent callers asking the same question share one request.
    private readonly ConcurrentDictionary<string, Lazy<Task<ResolveResult>>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<ManifestContent>>> _manifests = new(StringComparer.Ordinal);

    /// <param name="options">Endpoints, insecure hosts, limits and delays.</param>
    /// <param name="credentials">Where credentials come from; null for anonymous access only.</param>
    /// <param name="handler">For tests; must not follow redirects itself. The client disposes it.</param>
    public RegistryClient(
        RegistryClientOptions options,
        IRegistryCredentialSource? credentials = null,
        HttpMessageHandler? handler = null
    )
    {
        _options = options;
        _transport = new RegistryTransport(options, handler);
        _retry = new RetryPolicy(options);
        _authenticator = new RegistryAuthenticator(options, credentials, _transport, _retry, _lifetime.Token);
    }

    internal RegistryClientOptions Options => _options;

    /// <summary>
    /// The digest of what the reference's tag points at now (`latest` when it has none): the index for a
    /// multi-platform image. For `pin`, and for `check --online` drift (MG501) and unknown tags (MG502).
    /// </summary>
    public Task<ResolveResult> ResolveTagAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return Ask(reference, reference.Tag ?? "latest", byDigest: false, cancellationToken);
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
        return Ask(reference, digest, byDigest: true, cancellationToken);
    }

    /// <summary>
    /// The bytes of a manifest, index or signature manifest, by digest (checked against the bytes) or by tag.
    /// For signature verification: the platforms of an index, the `sha256-…sig` attachments.
    /// </summary>
    internal Task<ManifestContent> GetManifestAsync(
        string registry,
        string repository,
        string reference,
        CancellationToken cancellationToken
    )
    {
        var key = ManifestKey(registry, repository, reference, IsDigest(reference));
        return Shared(_manifests, registry, key,
            budget => FetchAsync(registry, repository, endpoint => endpoint.ManifestUri(repository, reference),
                ManifestMediaTypes.Accepted, _options.MaxManifestBytes, key, budget,
                (get, body) =>
                    CheckManifest(key, reference, IsDigest(reference), get, body, out var error) is { } digest
                    ? new ManifestContent(body, get.ContentType, digest, null)
                    : ManifestContent.Failure(RegistryErrorKind.Protocol, error!)),
            ManifestContent.Failure, cancellationToken);
    }

    /// <summary>
    /// A blob (a signature's payload layer), checked against its digest and capped at <paramref name="maxBytes"/>.
    /// </summary>
    internal Task<ManifestContent> GetBlobAsync(
        string registry,
        string repository,
        string digest,
        int maxBytes,
        CancellationToken cancellationToken
    )
    {
        var key = $"{registry}/{repository}@{digest}";
        return Run(registry, key,
                budget => FetchAsync(registry, repository, endpoint => endpoint.BlobUri(repository, digest), [],
                    maxBytes, key, budget,
                    (get, body) => ManifestDigest.Matches(digest, body)
                        ? new ManifestContent(body, get.ContentType, digest, null)
                        : ManifestContent.Failure(RegistryErrorKind.Protocol,
                            $"{key}: {get.Host} sent a blob that does not hash to its digest; refusing it")),
                ManifestContent.Failure)
            .WaitAsync(cancellationToken);
    }

    /// <summary>
    /// A plain GET of a URL outside the distribution API (a lookaside signature server), under the same
    /// timeout, redirect and size rules; never with registry credentials. Null body for 404.
    /// </summary>
    internal Task<ManifestContent> GetUrlAsync(Uri uri, int maxBytes, CancellationToken cancellationToken) =>
        Run(uri.Authority, uri.ToString(), budget => FetchUrlAsync(uri, maxBytes, budget), ManifestContent.Failure)
            .WaitAsync(cancellationToken);

    public void Dispose()
    {
        _lifetime.Cancel();
        _transport.Dispose();
        _lifetime.Dispose();
    }

    /// <param name="tagOrDigest">The tag or digest of <paramref name="image"/> to ask about.</param>
    private Task<ResolveResult> Ask(
        ImageReference image,
        string tagOrDigest,
        bool byDigest,
        CancellationToken cancellationToken
    )
    {
        var (registry, repository) = (image.Registry, image.Repository);
        var key = ManifestKey(registry, repository, tagOrDigest, byDigest);
        return Shared(_answers, registry, key,
            budget => ResolveAsync(registry, repository, tagOrDigest, byDigest, key, budget),
            ResolveResult.Failure, cancellationToken);
    }

    private static bool IsDigest(string tagOrDigest) => ManifestDigest.IsWellFormed(tagOrDigest);

    /// <summary>How a manifest is named in answers and errors: `registry/repository:tag` or `…@digest`.</summary>
    private static string ManifestKey(string registry, string repository, string reference, bool byDigest) =>
        $"{registry}/{repository}{(byDigest ? "@" : ":")}{reference}";

    /// <summary>One question asked once per run, however many callers ask it; each waits on its own token.</summary>
    private Task<T> Shared<T>(
        ConcurrentDictionary<string, Lazy<Task<T>>> cache,
        string registry,
        string key,
        Func<LookupBudget, Task<T>> ask,
        Func<RegistryErrorKind, string, T> fail,
        CancellationToken cancellationToken
    ) =>
        cache.GetOrAdd(key, _ => new Lazy<Task<T>>(() => Run(registry, key, ask, fail)))
            .Value.WaitAsync(cancellationToken);

    /// <summary>One question on its own budget; failures of any part become the answer's error.</summary>
    private async Task<T> Run<T>(
        string registry,
        string display,
        Func<LookupBudget, Task<T>> ask,
        Func<RegistryErrorKind, string, T> fail
    )
    {
        using var budget = new LookupBudget(_options.Timeout, _lifetime.Token);
        try
        {
            return await ask(budget).ConfigureAwait(false);
        }
        catch (RegistryFailure failure)
        {
            return fail(failure.Kind, $"{display}: {failure.Message}");
        }
        catch (RegistryCredentialException e)
        {
            return fail(RegistryErrorKind.Unauthorized, $"{display}: {e.Message}");
        }
        catch (OperationCanceledException) when (budget.Expired)
        {
            return fail(RegistryErrorKind.Network, $"{display}: {budget.DescribeTimeout(registry)}");
        }
    }

    private async Task<ResolveResult> ResolveAsync(
        string registry,
        string repository,
        string reference,
        bool byDigest,
        string display,
        LookupBudget budget
    )
    {
        var target = Target(registry, repository);
        var uri = target.Endpoint.ManifestUri(repository, reference);

        // HEAD first: cheap, and Docker Hub does not count it against pull limits.
        var head = await SendManifestRequestAsync(HttpMethod.Head, uri, target, budget).ConfigureAwait(false);
        if (head.StatusCode == HttpStatusCode.NotFound)
        {
            return NotFound(display, head);
        }
        if (head.IsSuccess && head.ContentDigest is { } headDigest && ManifestDigest.IsWellFormed(headDigest))
        {
            if (byDigest && headDigest != reference)
            {
                return ResolveResult.Failure(
                    RegistryErrorKind.Protocol,
                    $"{display}: {head.Host} answered for another digest ({headDigest})"
                );
            }
            return ResolveResult.Success(headDigest, head.ContentType);
        }
        if (
            head.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            || RetryPolicy.IsRetryable(head.StatusCode)
        )
        {
            return Failed(display, head);
        }

        // No usable digest header (or HEAD not allowed): fetch the manifest and hash it ourselves.
        var get = await SendManifestRequestAsync(HttpMethod.Get, uri, target, budget).ConfigureAwait(false);
        if (get.StatusCode == HttpStatusCode.NotFound)
        {
            return NotFound(display, get);
        }
        if (!get.IsSuccess || get.Body is not { } body)
        {
            return Failed(display, get);
        }
        var checkedDigest = CheckManifest(display, reference, byDigest, get, body, out var error);
        return checkedDigest is null
            ? ResolveResult.Failure(RegistryErrorKind.Protocol, error!)
            : ResolveResult.Success(checkedDigest, get.ContentType);
    }

    /// <summary>A plain GET of a URL: no registry endpoint, no credentials, no digest to check the bytes by.</summary>
    private async Task<ManifestContent> FetchUrlAsync(Uri uri, int maxBytes, LookupBudget budget)
    {
        var request = RegistryRequest.To(HttpMethod.Get, uri, null, [], maxBytes);
        var response = await _retry
            .SendAsync(() => _transport.ExchangeAsync(request, uri.Authority, budget), budget)
            .ConfigureAwait(false);
        return response switch
        {
            { StatusCode: HttpStatusCode.NotFound } => ManifestContent.Missing,
            { IsSuccess: true, Body: { } body } => new ManifestContent(body, response.ContentType, null, null),
            _ => ManifestContent.Failure(RegistryErrorKind.Protocol, $"{uri}: {response.Describe()}"),
        };
    }

    /// <summary>
    /// GETs a manifest or blob: missing is <see cref="ManifestContent.Missing"/>, a failed answer a failure,
    /// and a body is handed to <paramref name="verify"/>, which decides whether its bytes can be trusted.
    /// </summary>
    private async Task<ManifestContent> FetchAsync(
        string registry,
        string repository,
        Func<RegistryEndpoint, Uri> uri,
        IReadOnlyList<string> accept,
        int maxBytes,
        string display,
        LookupBudget budget,
        Func<RegistryResponse, byte[], ManifestContent> verify
    )
    {
        var target = Target(registry, repository);
        var get = await SendAsync(HttpMethod.Get, uri(target.Endpoint), target, accept, maxBytes, budget)
            .ConfigureAwait(false);
        if (get.StatusCode == HttpStatusCode.NotFound)
        {
            return ManifestContent.Missing;
        }
        if (!get.IsSuccess || get.Body is not { } body)
        {
            var failed = Failed(display, get);
            return ManifestContent.Failure(failed.ErrorKind ?? RegistryErrorKind.Protocol, failed.Error ?? display);
        }
        return verify(get, body);
    }

    /// <summary>The digest of a fetched manifest, or null (and why) when its bytes cannot be trusted.</summary>
    private static string? CheckManifest(
        string display,
        string reference,
        bool byDigest,
        RegistryResponse get,
        byte[] body,
        out string? error
    )
    {
        error = null;
        if (!IsJsonObject(body))
        {
            // A body cut short (a Content-Length smaller than what was sent) or no manifest at all:
            // its hash would pin nothing.
            error =
                $"{display}: {get.Host} sent {body.Length} bytes that are not a JSON manifest (cut short?); "
                + "refusing to pin them";
            return null;
        }
        var computed = ManifestDigest.Sha256(body);
        if (get.ContentDigest is { } claimed && !ManifestDigest.Matches(claimed, body))
        {
            error =
                $"{display}: {get.Host} sent a manifest whose digest is {computed}, not the {claimed} it claims; "
                + "refusing to trust it";
            return null;
        }
        if (byDigest && !ManifestDigest.Matches(reference, body))
        {
            error =
                $"{display}: {get.Host} sent a manifest whose digest is "
                + $"{ManifestDigest.Compute(reference, body) ?? computed}; refusing to trust it";
            return null;
        }
        return byDigest ? reference : computed;
    }

    private RepositoryTarget Target(string registry, string repository)
    {
        var endpoint = RegistryEndpoint.For(registry, _options, out var endpointError);
        if (endpointError is not null)
        {
            throw new RegistryFailure(RegistryErrorKind.Protocol, endpointError);
        }
        return new RepositoryTarget(registry, repository, endpoint);
    }

    private static ResolveResult NotFound(string display, RegistryResponse response) =>
        ResolveResult.Failure(RegistryErrorKind.NotFound, $"{display}: not found ({response.Describe()})");

    private static ResolveResult Failed(string display, RegistryResponse response)
    {
        var (kind, advice) = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => (
                RegistryErrorKind.Unauthorized,
                "log in to the registry (docker login) or check the stored credentials"
            ),
            HttpStatusCode.Forbidden => (
                RegistryErrorKind.Unauthorized,
                "the credentials have no pull access to this repository"
            ),
            HttpStatusCode.TooManyRequests => (
                RegistryErrorKind.Network,
                "rate limited; try again later or log in for a higher limit"
            ),
            var status when (int)status >= 500 => (
                RegistryErrorKind.Network,
                "the registry keeps failing; try again later"
            ),
            _ => (RegistryErrorKind.Protocol, "unexpected answer"),
        };
        return ResolveResult.Failure(kind, $"{response.Describe()}: {advice}");
    }

    /// <summary>
    /// One request with auth, retries and redirects: a 401 is answered once per attempt, 5xx/429/network errors are
    /// retried.
    /// </summary>
    /// <summary>A request for a manifest: every manifest media type accepted, the manifest size cap.</summary>
    private Task<RegistryResponse> SendManifestRequestAsync(
        HttpMethod method,
        Uri uri,
        RepositoryTarget target,
        LookupBudget budget
    ) => SendAsync(method, uri, target, ManifestMediaTypes.Accepted, _options.MaxManifestBytes, budget);

    private Task<RegistryResponse> SendAsync(
        HttpMethod method,
        Uri uri,
        RepositoryTarget target,
        IReadOnlyList<string> accept,
        int maxBytes,
        LookupBudget budget
    ) =>
        _retry.SendAsync(
            async () =>
            {
                var authorization = _authenticator.Current(target);
                var request = new RegistryRequest(
                    method,
                    uri,
                    authorization,
                    target.Endpoint.BaseUri.Authority,
                    accept,
                    null,
                    maxBytes
                );
                var response = await _transport.ExchangeAsync(request, target.Registry, budget).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Unauthorized)
                {
                    return response;
                }
                var answer = await _authenticator
                    .AnswerAsync(response, target, authorization, budget)
                    .ConfigureAwait(false);
                return answer is null
                    ? response
                    : await _transport
                        .ExchangeAsync(request with { Authorization = answer }, target.Registry, budget)
                        .ConfigureAwait(false);
            },
            budget
        );

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
}
