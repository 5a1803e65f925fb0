using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ManifestGuard.References;
using ManifestGuard.Registry;
using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Hardening;

/// <summary>
/// Registries that misbehave on purpose, beyond the faults of RegistryFaultTests: endless bodies, a giant
/// header, a Content-Length that lies either way, redirect loops. Each ends with a clear error within the
/// timeout and no digest; through the CLI, pin writes nothing and exits 3.
/// </summary>
public sealed class HostileRegistryTests
{
    private static readonly byte[] Manifest = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"""u8.ToArray();

    public static TheoryData<string, string> Faults => new()
    {
        { "endless-trickle", "did not answer within 0.4 s" },
        { "endless-flood", "manifests that large are refused" },
        { "giant-header", "cannot reach" },
        { "content-length-shorter", "not a JSON manifest (cut short?)" },
        { "content-length-longer-then-close", "broke off" },
        { "content-length-longer-then-silence", "did not answer within 0.4 s" },
        { "redirect-to-itself", "more than 5 redirects" },
        { "redirect-ping-pong", "more than 5 redirects" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Ends_with_a_clear_error_within_the_timeout_and_no_digest(string fault, string expected)
    {
        using var server = new RawHttpServer((request, stream, token) => Respond(fault, request, stream, token));
        using var client = new RegistryClient(new RegistryClientOptions
        {
            // Only the faults that never end need the timeout; the others must end by their own error even
            // on a machine too busy to answer within 0.4 s.
            RequestTimeout = expected.StartsWith("did not answer", StringComparison.Ordinal)
                ? TimeSpan.FromMilliseconds(400)
                : TimeSpan.FromSeconds(30),
            MaxAttempts = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });
        var result = await client.ResolveTagAsync(ImageReference.Parse($"{server.Authority}/app:1"));

        Assert.False(result.Succeeded, $"{fault}: resolved to {result.Digest}");
        Assert.Null(result.Digest);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains($"{server.Authority}/app:1", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("content-length-shorter", "not a JSON manifest")]
    [InlineData("content-length-longer-then-close", "broke off")]
    [InlineData("giant-header", "cannot reach")]
    [InlineData("redirect-ping-pong", "more than 5 redirects")]
    public void Pin_writes_nothing_and_exits_3(string fault, string expected)
    {
        using var server = new RawHttpServer((request, stream, token) => Respond(fault, request, stream, token));
        using var dir = new TempDirectory();
        var pod = TestScan.Pod($"{server.Authority}/app:1");
        dir.Write("pod.yaml", pod);
        var before = File.GetLastWriteTimeUtc(dir.Combine("pod.yaml"));

        var result = CliRunner.Run(dir.Path, null, "pin", ".");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"pod.yaml:8:14: {server.Authority}/app:1", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("no file was changed", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(pod, File.ReadAllText(dir.Combine("pod.yaml")));
        Assert.Equal(before, File.GetLastWriteTimeUtc(dir.Combine("pod.yaml")));
        Assert.Equal([dir.Combine("pod.yaml")], Directory.GetFiles(dir.Path));
    }

    private static async Task Respond(string fault, RawRequest request, NetworkStream stream, CancellationToken token)
    {
        if (request.Method == "HEAD" && !fault.StartsWith("redirect", StringComparison.Ordinal) && fault != "giant-header")
        {
            // No Docker-Content-Digest: the client has to GET the body, where the fault is.
            await RawHttpServer.WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.index.v1+json\r\nContent-Length: {Manifest.Length}\r\nConnection: close\r\n\r\n", token);
            return;
        }
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Manifest));
        switch (fault)
        {
            case "endless-trickle":
                await RawHttpServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", token);
                while (true)
                {
                    await RawHttpServer.WriteAsync(stream, "1\r\n \r\n", token);
                    await Task.Delay(50, token);
                }
            case "endless-flood":
                await RawHttpServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", token);
                var chunk = Encoding.ASCII.GetBytes($"10000\r\n{new string(' ', 0x10000)}\r\n");
                while (true)
                {
                    await stream.WriteAsync(chunk, token);
                }
            case "giant-header":
                await RawHttpServer.WriteAsync(stream, $"HTTP/1.1 200 OK\r\nDocker-Content-Digest: {digest}\r\nX-Padding: {new string('a', 1024 * 1024)}\r\nContent-Length: 0\r\n\r\n", token);
                return;
            case "content-length-shorter":
                await RawHttpServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.index.v1+json\r\nContent-Length: 20\r\nConnection: close\r\n\r\n", token);
                await stream.WriteAsync(Manifest, token);
                return;
            case "content-length-longer-then-close":
                await RawHttpServer.WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.index.v1+json\r\nContent-Length: {Manifest.Length + 500}\r\n\r\n", token);
                await stream.WriteAsync(Manifest, token);
                return;
            case "content-length-longer-then-silence":
                await RawHttpServer.WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.index.v1+json\r\nContent-Length: {Manifest.Length + 500}\r\n\r\n", token);
                await stream.WriteAsync(Manifest, token);
                await Task.Delay(Timeout.Infinite, token);
                return;
            case "redirect-to-itself":
                await RawHttpServer.WriteAsync(stream, $"HTTP/1.1 307 Temporary Redirect\r\nLocation: {request.Path}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", token);
                return;
            case "redirect-ping-pong":
                var next = request.Path.EndsWith("/ping", StringComparison.Ordinal) ? "/pong" : "/ping";
                await RawHttpServer.WriteAsync(stream, $"HTTP/1.1 302 Found\r\nLocation: {next}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", token);
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "no such fault");
        }
    }
}
