using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;

namespace ManifestGuard.Registry;

/// <summary>
/// One HTTP exchange with a registry, a token service or a lookaside server: under the host's concurrency
/// bound and the request timeout, redirects followed by hand (Authorization only to the authority it was
/// meant for, never down to plain HTTP), the body read under a size cap whatever Content-Length says.
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    private readonly RegistryClientOptions _options;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="handler">For tests; must not follow redirects itself. The transport disposes it.</param>
    public RegistryTransport(RegistryClientOptions options, HttpMessageHandler? handler)
    {
        _options = options;
        // Redirects are followed by hand: HttpClient's own following decides alone what to do with Authorization.
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            EnableMultipleHttp2Connections = true,
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var version = typeof(RegistryTransport).Assembly.GetName().Version?.ToString(3) ?? "0";
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("manifestguard", version));
    }

    /// <summary>
    /// Sends one request (following redirects); time-outs and broken connections become <see cref="RegistryFailure"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException">The budget ran out or the run was cancelled.</exception>
    public async Task<RegistryResponse> ExchangeAsync(RegistryRequest spec, string gateKey, LookupBudget budget)
    {
        var gate = _gates.GetOrAdd(gateKey, _ => new SemaphoreSlim(_options.MaxConcurrencyPerRegistry));
        await gate.WaitAsync(budget.Token).ConfigureAwait(false);
        budget.CountAttempt();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(budget.Token);
        attempt.CancelAfter(_options.RequestTimeout);
        var uri = spec.Uri;
        budget.LastAuthority = uri.Authority;
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = spec.ToRequest(uri);
                using var response = await _http
                    .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token)
                    .ConfigureAwait(false);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    uri = FollowRedirect(spec, uri, location, hop);
                    budget.LastAuthority = uri.Authority;
                    continue;
                }
                byte[]? body = null;
                if (spec.Method != HttpMethod.Head && (int)response.StatusCode is >= 200 and < 300)
                {
                    body = await ReadCappedAsync(response.Content, spec.MaxBodyBytes, uri, attempt.Token)
                        .ConfigureAwait(false);
                }
                return new RegistryResponse(
                    uri,
                    response.StatusCode,
                    response.Headers,
                    response.Content.Headers.ContentType?.MediaType,
                    body
                );
            }
        }
        catch (OperationCanceledException) when (!budget.Token.IsCancellationRequested)
        {
            throw new RegistryFailure(
                RegistryErrorKind.Network,
                $"{uri.Authority} did not answer within {LookupBudget.Seconds(_options.RequestTimeout)} s",
                retryable: true
            );
        }
        catch (HttpRequestException e) when (!budget.Token.IsCancellationRequested)
        {
            // The message names the host and the innermost cause; requests never carry credentials in the URL.
            throw new RegistryFailure(
                RegistryErrorKind.Network,
                NetworkErrorText.Describe(e, uri.Authority),
                retryable: true
            );
        }
        catch (IOException e) when (!budget.Token.IsCancellationRequested)
        {
            // The body broke off: the server closed the connection before the Content-Length it announced.
            throw new RegistryFailure(
                RegistryErrorKind.Network,
                $"the answer from {uri.Authority} broke off: {e.Message}",
                retryable: true
            );
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // The budget ended the request midway: the caller reports the timeout.
            throw new OperationCanceledException(budget.Token);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }

    private Uri FollowRedirect(RegistryRequest spec, Uri uri, Uri location, int hop)
    {
        if (hop >= _options.MaxRedirects)
        {
            throw new RegistryFailure(
                RegistryErrorKind.Protocol,
                $"more than {_options.MaxRedirects} redirects from {spec.Uri.Authority}"
            );
        }
        var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
        if (next.Scheme == Uri.UriSchemeHttp && !RegistryEndpoint.AllowsPlainHttp(next.Authority, _options))
        {
            throw new RegistryFailure(
                RegistryErrorKind.Protocol,
                $"{uri.Authority} redirected to plain HTTP at {next.Authority}; refusing"
            );
        }
        if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
        {
            throw new RegistryFailure(
                RegistryErrorKind.Protocol,
                $"{uri.Authority} redirected to a {next.Scheme} URL; refusing"
            );
        }
        return next;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status
            is HttpStatusCode.MovedPermanently
                or HttpStatusCode.Found
                or HttpStatusCode.SeeOther
                or HttpStatusCode.TemporaryRedirect
                or HttpStatusCode.PermanentRedirect;

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes, whatever Content-Length says: a lying or hostile server cannot
    /// make us buffer more.
    /// </summary>
    private static async Task<byte[]> ReadCappedAsync(
        HttpContent content,
        int limit,
        Uri uri,
        CancellationToken cancellationToken
    )
    {
        if (content.Headers.ContentLength > limit)
        {
            throw new RegistryFailure(
                RegistryErrorKind.Protocol,
                $"{uri.Authority} sent {content.Headers.ContentLength} bytes; answers over {Size(limit)} are refused"
            );
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
                    throw new RegistryFailure(
                        RegistryErrorKind.Protocol,
                        $"{uri.Authority} sent more than {Size(limit)}; manifests that large are refused"
                    );
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
    }

    private static string Size(int bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024 / 1024} MiB" : $"{bytes} bytes";
}
