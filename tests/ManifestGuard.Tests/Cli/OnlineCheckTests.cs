using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ManifestGuard.Cli;
using ManifestGuard.Tests.Registry;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Cli;

/// <summary>`check --online` against a real registry, and proof that `check` alone opens no socket.</summary>
[Trait(Requires.Trait, Requires.Registry)]
[Collection(RegistryGroup.Name)]
public sealed class OnlineCheckTests(RegistryFixture registry) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Reports_drift_missing_tags_and_digests_and_offers_pin_fixes()
    {
        var r = registry.Open;
        var oldDigest = await registry.RawDigestAsync(r, "app/moving:old");
        var single = await registry.RawDigestAsync(r, "app/single:1");
        _dir.Write("pod.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n" +
            $"    - {{name: drifted, image: {r}/app/moving:1@{oldDigest}}}\n" +
            $"    - {{name: gone, image: {r}/app/single:2}}\n" +
            $"    - {{name: nodigest, image: \"{r}/app/single@sha256:{new string('0', 64)}\"}}\n" +
            $"    - {{name: current, image: {r}/app/single:1@{single}}}\n" +
            $"    - {{name: unpinned, image: \"{r}/app/single:1\"}}\n");

        var result = CliRunner.Run(_dir.Path, null, "check", ".", "--online", "--format", "sarif", "--fail-on", "none");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var log = JsonDocument.Parse(result.Stdout);
        var results = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(x => (Rule: x.GetProperty("ruleId").GetString(), Line: x.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32(), Result: x))
            .ToList();
        Assert.Contains(results, x => x.Rule == "MG501" && x.Line == 6);
        Assert.Contains(results, x => x.Rule == "MG502" && x.Line == 7);
        Assert.Contains(results, x => x.Rule == "MG502" && x.Line == 8);
        Assert.DoesNotContain(results, x => x.Rule is "MG501" or "MG502" && x.Line == 9);
        var unpinned = results.Single(x => x.Rule == "MG101" && x.Line == 10).Result;
        var replacement = unpinned.GetProperty("fixes")[0].GetProperty("artifactChanges")[0].GetProperty("replacements")[0];
        Assert.Equal($"\"{r}/app/single:1@{single}\"", replacement.GetProperty("insertedContent").GetProperty("text").GetString());
    }

    [Fact]
    public void An_unreachable_registry_is_a_runtime_failure_with_the_reference_named()
    {
        var port = RegistryFixture.FreePort();
        _dir.Write("pod.yaml", $"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n    - {{name: a, image: 127.0.0.1:{port}/app:1}}\n");

        var result = CliRunner.Run(_dir.Path, null, "check", ".", "--online");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"pod.yaml:6:24: 127.0.0.1:{port}/app:1: cannot reach", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_registry_is_retried_with_doubling_waits_on_the_run_s_clock()
    {
        var port = RegistryFixture.FreePort();
        _dir.Write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            + $"    - {{name: a, image: 127.0.0.1:{port}/app:1}}\n");
        var waits = new ConcurrentQueue<TimeSpan>();
        using var stdin = new MemoryStream();
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        int exitCode;
        using (var console = new CliConsole(stdin, stdout, stderr, _dir.Path, Environment.GetEnvironmentVariable)
        {
            RetryDelay = (wait, _) =>
            {
                waits.Enqueue(wait);
                return Task.CompletedTask;
            },
        })
        {
            exitCode = CliApplication.Run(["check", ".", "--online"], console);
        }

        Assert.Equal(3, exitCode);
        Assert.Contains("cannot reach", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], waits);
    }

    [Fact]
    public async Task Offline_check_never_opens_a_socket_and_online_check_does()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _dir.Write("pod.yaml", $"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n    - {{name: a, image: 127.0.0.1:{port}/app:1@sha256:{new string('a', 64)}}}\n");

        CliRunner.Run(_dir.Path, null, "check", ".", "--format", "sarif");
        Assert.False(listener.Pending(), "offline check connected to the registry");

        var online = Task.Run(() => CliRunner.Run(_dir.Path, null, "check", ".", "--online"));
        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(accepted.Connected);
        // Refuse further attempts so the online run ends quickly instead of waiting out its timeouts.
        accepted.Close();
        listener.Stop();
        await online;
    }
}
