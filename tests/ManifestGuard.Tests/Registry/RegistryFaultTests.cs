using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ManifestGuard.References;
using ManifestGuard.Registry;
using Xunit;

namespace ManifestGuard.Tests.Registry;

/// <summary>The token flow and the faults a real registry will not produce on demand, against an in-test server.</summary>
public sealed class RegistryFaultTests
{
    private static readonly byte[] Manifest = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"""u8.ToArray();
    private static readonly string ManifestDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Manifest));

    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    [Fact]
    public async Task Follows_the_Bearer_challenge_with_realm_service_and_scope_from_it_and_reuses_the_token()
    {
        using var server = new TestHttpServer(async context =>
        {
            var request = context.Request;
            if (request.Url!.AbsolutePath == "/auth/token")
            {
                await Json(context, """{"token":"t0ken","expires_in":300}""");
                return;
            }
            if (request.Headers["Authorization"] != "Bearer t0ken")
            {
                Challenge(context, $"Bearer realm=\"http://{request.Url.Authority}/auth/token\",service=\"fake registry\",scope=\"repository:team/app:pull\"");
                return;
            }
            ServeManifest(context);
        });
        var credentials = new FixedCredentials(new RegistryCredential("alice", "s3cret"));
        using var client = new RegistryClient(Options(), credentials);

        var first = await client.ResolveTagAsync(Reference(server, "team/app:1"));
        var second = await client.ResolveTagAsync(Reference(server, "team/app:2"));

        Assert.Equal(ManifestDigest, first.Digest);
        Assert.Equal(ManifestDigest, second.Digest);
        var tokenRequests = server.Requests.Where(r => r.Path == "/auth/token").ToList();
        var token = Assert.Single(tokenRequests);
        Assert.Equal("?service=fake%20registry&scope=repository%3Ateam%2Fapp%3Apull", token.Query);
        Assert.Equal("Basic " + Convert.ToBase64String("alice:s3cret"u8.ToArray()), token.Authorization);
        // The second tag went straight in with the token: no second 401.
        Assert.Single(server.Requests, r => r.Path.EndsWith("/2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trades_an_identity_token_by_POST_for_an_access_token()
    {
        using var server = new TestHttpServer(async context =>
        {
            var request = context.Request;
            if (request.Url!.AbsolutePath == "/token" && request.HttpMethod == "POST")
            {
                await Json(context, """{"access_token":"fresh"}""");
                return;
            }
            if (request.Headers["Authorization"] != "Bearer fresh")
            {
                Challenge(context, $"Bearer realm=\"http://{request.Url.Authority}/token\",service=\"svc\"");
                return;
            }
            ServeManifest(context);
        });
        using var client = new RegistryClient(Options(), new FixedCredentials(new RegistryCredential(RegistryCredential.IdentityTokenUsername, "refresh-me")));

        var result = await client.ResolveTagAsync(Reference(server, "app:1"));

        Assert.True(result.Succeeded, result.Error);
        var post = Assert.Single(server.Requests, r => r.Method == "POST");
        Assert.Contains("grant_type=refresh_token", post.Body, StringComparison.Ordinal);
        Assert.Contains("refresh_token=refresh-me", post.Body, StringComparison.Ordinal);
        Assert.Contains("scope=repository%3Aapp%3Apull", post.Body, StringComparison.Ordinal);
        Assert.Null(post.Authorization);
    }

    [Fact]
    public async Task Gives_up_on_a_401_loop_after_one_fresh_token()
    {
        using var server = new TestHttpServer(async context =>
        {
            if (context.Request.Url!.AbsolutePath == "/token")
            {
                await Json(context, """{"token":"useless"}""");
                return;
            }
            Challenge(context, $"Bearer realm=\"http://{context.Request.Url.Authority}/token\",service=\"svc\"");
        });
        using var client = new RegistryClient(Options());

        var result = await client.ResolveTagAsync(Reference(server, "app:1"));

        Assert.Equal(RegistryErrorKind.Unauthorized, result.ErrorKind);
        Assert.InRange(server.Requests.Count, 2, 6);
    }

    [Fact]
    public async Task Reports_404_as_not_found_without_retrying()
    {
        using var server = new TestHttpServer(context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        using var client = new RegistryClient(Options());

        var result = await client.ResolveTagAsync(Reference(server, "app:nope"));

        Assert.Equal(RegistryErrorKind.NotFound, result.ErrorKind);
        Assert.Contains($"{server.Authority}/app:nope", result.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData("3600", 10)] // capped by MaxRetryDelay
    public async Task Waits_what_Retry_After_asks_on_429_up_to_the_cap(string retryAfter, int expectedSeconds)
    {
        var calls = 0;
        using var server = new TestHttpServer(context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers["Retry-After"] = retryAfter;
                return Task.CompletedTask;
            }
            ServeManifest(context);
            return Task.CompletedTask;
        });
        using var client = new RegistryClient(Options() with { MaxRetryDelay = TimeSpan.FromSeconds(10) });

        var result = await client.ResolveTagAsync(Reference(server, "app:1"));

        Assert.Equal(ManifestDigest, result.Digest);
        Assert.Equal([TimeSpan.FromSeconds(expectedSeconds)], _waits);
    }

    [Fact]
    public async Task Retries_a_500_with_backoff_and_succeeds()
    {
        var calls = 0;
        using var server = new TestHttpServer(context =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                context.Response.StatusCode = 503;
                return Task.CompletedTask;
            }
            ServeManifest(context);
            return Task.CompletedTask;
        });
        using var client = new RegistryClient(Options());

        var result = await client.ResolveTagAsync(Reference(server, "app:1"));

        Assert.Equal(ManifestDigest, result.Digest);
        Assert.Equal([TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20)], _waits);
    }

    [Fact]
    public async Task Reports_a_registry_that_keeps_failing_as_a_network_error()
    {
        using var server = new TestHttpServer(context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        using var client = new RegistryClient(Options());

        var result = await client.ResolveTagAsync(Reference(server, "app:1"));

        Assert.Equal(RegistryErrorKind.Network, result.ErrorKind);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Hashes_the_body_when_HEAD_gives_no_digest()
    {
        using var server = new TestHttpServer(context =>
        {
            ServeManifest(context, digestHeader: null);
            return Task.CompletedTask;
        });
        using var client = new RegistryClient(Options());

        var result = await client.ResolveTagAsync(Reference(server, "app:1"));

        Assert.Equal(ManifestDigest, result.Digest);
        Assert.Equal(["HEAD", "GET"], server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Refuses_a_body_whose_hash_is_not_the_claimed_digest()
    {
        var wrong = "sha256:" + new string('a', 64);
        using var server = new TestHttpServer(context =>
        {
            // HEAD says nothing, so the GET's body is checked against its header.
            ServeManifest(context, digestHeader: context.Request.HttpMethod == "GET" ? wrong : null);
            return Task.CompletedTask;
        });
        using var client = new RegistryClient(Options());

        var result = await client.ResolveTagAsync(Reference(server, "app:1"));

        Assert.Equal(RegistryErrorKind.Protocol, result.ErrorKind);
        Assert.Contains(wrong, result.Error, StringComparison.Ordinal);
        Assert.Null(result.Digest);
    }

    [Fact]
    public async Task Refuses_a_manifest_over_the_size_cap_even_without_Content_Length()
    {
        using var server = new TestHttpServer(async context =>
        {
            if (context.Request.HttpMethod == "HEAD")
            {
                return;
            }
            context.Response.SendChunked = true;
            var chunk = new byte[1024];
            for (var i = 0; i < 8; i++)
            {
                await context.Response.OutputStream.WriteAsync(chunk);
            }
        });
        using var client = new RegistryClient(Options() with { MaxManifestBytes = 4096 });

        var result = await client.ResolveTagAsync(Reference(server, "app:1"));

        Assert.Equal(RegistryErrorKind.Protocol, result.ErrorKind);
        Assert.Contains("refused", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Does_not_send_credentials_along_a_redirect_to_another_host()
    {
        using var elsewhere = new TestHttpServer(context =>
        {
            ServeManifest(context, digestHeader: null);
            return Task.CompletedTask;
        });
        using var registry = new TestHttpServer(context =>
        {
            if (context.Request.Headers["Authorization"] is null)
            {
                Challenge(context, "Basic realm=\"registry\"");
                return Task.CompletedTask;
            }
            if (context.Request.HttpMethod == "HEAD")
            {
                context.Response.StatusCode = 200; // no digest: the client must GET
                return Task.CompletedTask;
            }
            context.Response.StatusCode = 307;
            context.Response.Headers["Location"] = $"http://{elsewhere.Authority}/blobs/manifest";
            return Task.CompletedTask;
        });
        using var client = new RegistryClient(Options(), new FixedCredentials(new RegistryCredential("alice", "s3cret")));

        var result = await client.ResolveTagAsync(Reference(registry, "app:1"));

        Assert.Equal(ManifestDigest, result.Digest);
        Assert.Contains(registry.Requests, r => r.Authorization is not null);
        var followed = Assert.Single(elsewhere.Requests);
        Assert.Null(followed.Authorization);
    }

    [Fact]
    public async Task Times_out_on_a_slow_registry()
    {
        // The registry answers only once the client has given up: no fixed sleep that must outlast the timeout.
        var clientDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = new TestHttpServer(async context =>
        {
            await clientDone.Task;
            ServeManifest(context);
        });
        using var client = new RegistryClient(Options() with { RequestTimeout = TimeSpan.FromMilliseconds(200), MaxAttempts = 2 });
        var result = await client.ResolveTagAsync(Reference(server, "app:1"));
        clientDone.SetResult();

        Assert.Equal(RegistryErrorKind.Network, result.ErrorKind);
        Assert.Contains("did not answer within 0.2 s", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asks_once_for_identical_references_and_bounds_requests_per_registry()
    {
        var inFlight = 0;
        var most = 0;
        using var server = new TestHttpServer(async context =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(50);
            Interlocked.Decrement(ref inFlight);
            ServeManifest(context);
        });
        using var client = new RegistryClient(Options() with { MaxConcurrencyPerRegistry = 2 });
        var references = Enumerable.Range(0, 6).Select(i => Reference(server, $"app:{i}"))
            .Concat(Enumerable.Repeat(Reference(server, "app:0"), 10));

        var results = await Task.WhenAll(references.Select(r => client.ResolveTagAsync(r)));

        Assert.All(results, r => Assert.Equal(ManifestDigest, r.Digest));
        Assert.Equal(6, server.Requests.Count);
        Assert.InRange(most, 1, 2);
    }

    [Fact]
    public async Task Refuses_a_token_realm_on_plain_HTTP_outside_loopback()
    {
        using var server = new TestHttpServer(context =>
        {
            Challenge(context, "Bearer realm=\"http://auth.example.com/token\",service=\"svc\"");
            return Task.CompletedTask;
        });
        using var client = new RegistryClient(Options(), new FixedCredentials(new RegistryCredential("alice", "s3cret")));

        var result = await client.ResolveTagAsync(Reference(server, "app:1"));

        Assert.Equal(RegistryErrorKind.Protocol, result.ErrorKind);
        Assert.Contains("plain HTTP", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.ToString(), StringComparison.Ordinal);
    }

    private RegistryClientOptions Options() => new()
    {
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RequestTimeout = TimeSpan.FromSeconds(5),
        Delay = (wait, _) =>
        {
            _waits.Enqueue(wait);
            return Task.CompletedTask;
        },
    };

    private static ImageReference Reference(TestHttpServer server, string repositoryAndTag) =>
        ImageReference.Parse($"{server.Authority}/{repositoryAndTag}");

    private static void ServeManifest(HttpListenerContext context, string? digestHeader = "")
    {
        var response = context.Response;
        response.ContentType = ManifestMediaTypes.OciIndex;
        if (digestHeader is not null)
        {
            response.Headers["Docker-Content-Digest"] = digestHeader.Length == 0 ? ManifestDigest : digestHeader;
        }
        response.ContentLength64 = Manifest.Length;
        if (context.Request.HttpMethod != "HEAD")
        {
            response.OutputStream.Write(Manifest);
        }
    }

    private static void Challenge(HttpListenerContext context, string challenge)
    {
        context.Response.StatusCode = 401;
        context.Response.Headers["WWW-Authenticate"] = challenge;
    }

    private static async Task Json(HttpListenerContext context, string json)
    {
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(json));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class FixedCredentials(RegistryCredential credential) : IRegistryCredentialSource
    {
        public Task<RegistryCredential?> FindAsync(string registry, string repository, CancellationToken cancellationToken) =>
            Task.FromResult<RegistryCredential?>(credential);
    }
}
