using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ManifestGuard.References;
using ManifestGuard.Registry;
using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.Hardening;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Registry;

/// <summary>
/// The total time bound (`--timeout`) across retries, the token cache's sharing rules, HTTP/2 over TLS and
/// network errors named by their innermost cause: against in-test servers, since a real registry neither
/// hangs nor fails its token service on demand.
/// </summary>
public sealed class RegistryBudgetTests
{
    private static readonly byte[] Manifest =
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"""u8.ToArray();
    private static readonly string ManifestDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Manifest));

    [Fact]
    public async Task A_registry_that_never_answers_is_given_up_on_at_the_timeout_not_after_every_retry()
    {
        using var server = new RawHttpServer((_, _, token) => Task.Delay(Timeout.Infinite, token));
        // Today's defaults per request (30 s, 4 attempts, real backoff): only the total bound can end this early.
        using var client = new RegistryClient(new RegistryClientOptions { Timeout = TimeSpan.FromSeconds(1) });
        var clock = Stopwatch.StartNew();

        var result = await client.ResolveTagAsync(ImageReference.Parse($"{server.Authority}/app:1"));

        clock.Stop();
        Assert.Equal(RegistryErrorKind.Network, result.ErrorKind);
        // One request, cut at the total bound: the retries a 30 s request timeout allows were never started.
        Assert.Contains(
            $"no answer from {server.Authority} within the timeout of 1 s (1 request(s) tried)",
            result.Error,
            StringComparison.Ordinal
        );
        // Not given up early; how soon after the bound it ends is load, not behaviour.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"gave up after {clock.Elapsed}");
    }

    [Fact]
    public async Task Retries_stop_when_the_next_wait_would_pass_the_timeout()
    {
        using var server = new TestHttpServer(context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        var waits = new List<TimeSpan>();
        using var client = new RegistryClient(
            new RegistryClientOptions
            {
                // Waits are recorded, not slept; the first request has 5 s to answer before the first wait
                // stops fitting, so a loaded machine does not change the outcome.
                Timeout = TimeSpan.FromSeconds(20),
                RetryBaseDelay = TimeSpan.FromSeconds(15),
                MaxAttempts = 10,
                Delay = (wait, _) =>
                {
                    waits.Add(wait);
                    return Task.CompletedTask;
                },
            }
        );

        var result = await client.ResolveTagAsync(ImageReference.Parse($"{server.Authority}/app:1"));

        Assert.Equal(RegistryErrorKind.Network, result.ErrorKind);
        // 15 s fits in 20 s; the next backoff (30 s) does not, so there is no third request.
        Assert.Equal([TimeSpan.FromSeconds(15)], waits);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_token_request_others_wait_for()
    {
        var release = new TaskCompletionSource();
        using var server = TokenRegistry(async _ =>
        {
            await release.Task;
            return HttpStatusCode.OK;
        });
        using var client = new RegistryClient(Options());
        using var impatient = new CancellationTokenSource();

        var first = client.ResolveTagAsync(Reference(server, "team/app:1"), impatient.Token);
        await WaitUntil(() => server.Requests.Any(r => r.Path == "/token"));
        var second = client.ResolveTagAsync(Reference(server, "team/app:2"));
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        release.SetResult();

        var result = await second;

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(ManifestDigest, result.Digest);
        Assert.Single(server.Requests, r => r.Path == "/token");
    }

    [Fact]
    public async Task A_failed_token_request_is_not_cached_for_the_rest_of_the_run()
    {
        using var server = TokenRegistry(attempt =>
            Task.FromResult(attempt == 1 ? HttpStatusCode.BadRequest : HttpStatusCode.OK)
        );
        using var client = new RegistryClient(Options());

        var first = await client.ResolveTagAsync(Reference(server, "team/app:1"));
        var second = await client.ResolveTagAsync(Reference(server, "team/app:2"));

        Assert.False(first.Succeeded);
        Assert.Contains("token service failed", first.Error, StringComparison.Ordinal);
        Assert.True(second.Succeeded, second.Error);
        Assert.Equal(2, server.Requests.Count(r => r.Path == "/token"));
    }

    [Fact]
    public async Task Offers_HTTP_2_in_ALPN_over_TLS()
    {
        using var server = new TlsProbeServer();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // The probe's certificate is self-signed; this test is about the protocol offered, not about trust.
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=127.0.0.1",
            },
        };
        using var client = new RegistryClient(Overriding(server.Authority), handler: handler);

        await client.ResolveTagAsync(ImageReference.Parse("registry.example.com/app:1"));

        Assert.Equal("h2", await server.NegotiatedProtocol.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Names_the_certificate_problem_of_a_TLS_failure_in_one_line()
    {
        using var server = new TlsProbeServer();
        using var client = new RegistryClient(Overriding(server.Authority));

        var result = await client.ResolveTagAsync(ImageReference.Parse("registry.example.com/app:1"));

        Assert.Equal(RegistryErrorKind.Network, result.ErrorKind);
        Assert.Contains($"TLS with {server.Authority} failed: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("certificate", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("inner exception", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Error!);
    }

    [Fact]
    public async Task Speaks_HTTP_1_1_on_plain_HTTP()
    {
        var requestLine = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = new RawHttpServer(
            async (request, stream, token) =>
            {
                requestLine.TrySetResult(request.Version);
                await RawHttpServer.WriteAsync(
                    stream,
                    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    token
                );
            }
        );
        using var client = new RegistryClient(Options());

        await client.ResolveTagAsync(ImageReference.Parse($"{server.Authority}/app:1"));

        Assert.Equal("HTTP/1.1", await requestLine.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Check_online_with_timeout_ends_at_the_bound_and_says_so()
    {
        using var server = new RawHttpServer((_, _, token) => Task.Delay(Timeout.Infinite, token));
        using var dir = new TempDirectory();
        dir.Write("pod.yaml", TestScan.Pod($"{server.Authority}/app:1"));
        var clock = Stopwatch.StartNew();

        var result = CliRunner.Run(dir.Path, null, "check", "--online", "--timeout", "1", ".");

        clock.Stop();
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("within the timeout of 1 s (1 request(s) tried)", result.Stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"gave up after {clock.Elapsed}");
    }

    [Fact]
    public void Pin_takes_the_timeout_from_the_configuration()
    {
        using var server = new RawHttpServer((_, _, token) => Task.Delay(Timeout.Infinite, token));
        using var dir = new TempDirectory();
        dir.Write("pod.yaml", TestScan.Pod($"{server.Authority}/app:1"));
        dir.Write(".manifestguard.yaml", "registries:\n  timeout: 1\n");

        var result = CliRunner.Run(dir.Path, null, "pin", ".");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("within the timeout of 1 s", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    public void A_timeout_that_is_not_a_positive_number_is_a_usage_error(string value)
    {
        using var dir = new TempDirectory();
        dir.Write("pod.yaml", TestScan.Pod("nginx:1.25"));

        var result = CliRunner.Run(dir.Path, null, "check", "--online", "--timeout", value, ".");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--timeout", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A Bearer registry whose token service answers each request with the status the test decides.</summary>
    private static TestHttpServer TokenRegistry(Func<int, Task<HttpStatusCode>> tokenStatus)
    {
        var tokenRequests = 0;
        return new TestHttpServer(async context =>
        {
            var request = context.Request;
            if (request.Url!.AbsolutePath == "/token")
            {
                var status = await tokenStatus(Interlocked.Increment(ref tokenRequests));
                context.Response.StatusCode = (int)status;
                if (status == HttpStatusCode.OK)
                {
                    await context.Response.OutputStream.WriteAsync("""{"token":"t0ken"}"""u8.ToArray());
                }
                return;
            }
            if (request.Headers["Authorization"] != "Bearer t0ken")
            {
                context.Response.StatusCode = 401;
                context.Response.Headers["WWW-Authenticate"] =
                    $"Bearer realm=\"http://{request.Url.Authority}/token\",service=\"svc\"";
                return;
            }
            context.Response.ContentType = ManifestMediaTypes.OciIndex;
            context.Response.Headers["Docker-Content-Digest"] = ManifestDigest;
        });
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never became true");
            await Task.Delay(10);
        }
    }

    private static RegistryClientOptions Options() => new() { MaxAttempts = 1, Timeout = TimeSpan.FromSeconds(10) };

    private static RegistryClientOptions Overriding(string authority) =>
        new()
        {
            MaxAttempts = 1,
            Timeout = TimeSpan.FromSeconds(10),
            EndpointOverrides = new Dictionary<string, Uri> { ["registry.example.com"] = new($"https://{authority}/") },
        };

    private static ImageReference Reference(TestHttpServer server, string repositoryAndTag) =>
        ImageReference.Parse($"{server.Authority}/{repositoryAndTag}");

    /// <summary>A TLS server with a self-signed certificate that offers h2 and http/1.1 and records what the client chose.</summary>
    private sealed class TlsProbeServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2 _certificate = SelfSigned();

        public TlsProbeServer()
        {
            _listener.Start();
            Authority = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            _ = Task.Run(AcceptAsync);
        }

        public string Authority { get; }

        public TaskCompletionSource<string> NegotiatedProtocol { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose()
        {
            _listener.Stop();
            _certificate.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is ObjectDisposedException or SocketException)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        using var tls = new SslStream(client.GetStream());
                        try
                        {
                            await tls.AuthenticateAsServerAsync(
                                new SslServerAuthenticationOptions
                                {
                                    ServerCertificate = _certificate,
                                    ApplicationProtocols =
                                    [
                                        SslApplicationProtocol.Http2,
                                        SslApplicationProtocol.Http11,
                                    ],
                                }
                            );
                            NegotiatedProtocol.TrySetResult(tls.NegotiatedApplicationProtocol.ToString());
                        }
                        catch (Exception e)
                            when (e is IOException or System.Security.Authentication.AuthenticationException)
                        {
                            // the client refused the certificate
                        }
                    }
                });
            }
        }

        private static X509Certificate2 SelfSigned()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(
                DateTimeOffset.UtcNow.AddMinutes(-5),
                DateTimeOffset.UtcNow.AddHours(1)
            );
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        }
    }
}
