using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Xunit;

namespace ManifestGuard.Tests.Policies;

/// <summary>
/// A real `docker-registry` on a free loopback port with one small unsigned image pushed by skopeo under several
/// repositories, for comparing our policy evaluation with containers/image's. Missing tools fail the tests:
/// the comparison is the point, and CI installs docker-registry and skopeo.
/// </summary>
public sealed class PolicyRegistryFixture : IDisposable
{
    public const string Tag = "1.0";

    /// <summary>Repositories holding the image.</summary>
    public static readonly string[] Repositories = ["team/app", "team/other", "elsewhere/app"];

    private readonly Process _registry;
    private readonly DirectoryInfo _root;

    public PolicyRegistryFixture()
    {
        _root = Directory.CreateTempSubdirectory("mg-policy-registry-");
        var port = FreePort();
        Host = $"127.0.0.1:{port}";
        var config = Path.Combine(_root.FullName, "config.yml");
        File.WriteAllText(config, $"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {Path.Combine(_root.FullName, "storage")}\nhttp:\n  addr: {Host}\n");
        _registry = Start(Tool("docker-registry"), ["serve", config]);
        WaitUntilServing();

        var layout = Path.Combine(_root.FullName, "layout");
        WriteOciLayout(layout);
        AcceptAnythingPolicy = Path.Combine(_root.FullName, "accept.json");
        File.WriteAllText(AcceptAnythingPolicy, """{"default":[{"type":"insecureAcceptAnything"}]}""");
        foreach (var repository in Repositories)
        {
            var (exit, output) = Skopeo("copy", "--policy", AcceptAnythingPolicy, "--dest-tls-verify=false", $"oci:{layout}:{Tag}", $"docker://{Host}/{repository}:{Tag}");
            if (exit != 0)
            {
                throw new InvalidOperationException($"skopeo could not push {repository}: {output}");
            }
        }
    }

    /// <summary>host:port of the registry.</summary>
    public string Host { get; }

    public string AcceptAnythingPolicy { get; }

    /// <summary>Whether containers/image lets the image be copied under the policy file.</summary>
    public bool SkopeoAdmits(string policyFile, string image, out string output)
    {
        var destination = Path.Combine(_root.FullName, "pulled-" + Guid.NewGuid().ToString("N"));
        var (exit, text) = Skopeo("copy", "--policy", policyFile, "--src-tls-verify=false", $"docker://{image}", $"oci:{destination}:x");
        output = text;
        return exit == 0;
    }

    private (int Exit, string Output) Skopeo(params string[] arguments)
    {
        using var process = Start(Tool("skopeo"), arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("skopeo did not finish: " + string.Join(' ', arguments));
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private Process Start(string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Keep skopeo's per-user state (lookaside, auth) inside the fixture.
        start.Environment["HOME"] = _root.FullName;
        start.Environment["XDG_RUNTIME_DIR"] = _root.FullName;
        return Process.Start(start) ?? throw new InvalidOperationException($"cannot start {tool}");
    }

    private static string Tool(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"`{name}` is not installed: the policy differential tests need docker-registry and skopeo (apt-get install docker-registry skopeo)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilServing()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_registry.HasExited)
            {
                throw new InvalidOperationException("docker-registry exited: " + _registry.StandardError.ReadToEnd());
            }
            try
            {
                if (client.GetAsync(new Uri($"http://{Host}/v2/")).GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            Thread.Sleep(100);
        }
        throw new TimeoutException($"docker-registry did not answer on {Host}");
    }

    /// <summary>A one-layer OCI image written by hand: layout marker, blobs and an index naming the tag.</summary>
    private static void WriteOciLayout(string layout)
    {
        var blobs = Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256")).FullName;
        string Blob(byte[] content)
        {
            var hex = Convert.ToHexStringLower(SHA256.HashData(content));
            File.WriteAllBytes(Path.Combine(blobs, hex), content);
            return "sha256:" + hex;
        }

        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream("policy differential\n"u8.ToArray()) };
            writer.WriteEntry(entry);
        }
        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar.ToArray()));
        using var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(tar.ToArray());
        }
        var layer = gzip.ToArray();
        var config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}");
        var manifest = Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + $"\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{Blob(config)}\",\"size\":{config.Length}}},"
            + $"\"layers\":[{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"{Blob(layer)}\",\"size\":{layer.Length}}}]}}");
        var manifestDigest = Blob(manifest);
        File.WriteAllText(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllText(
            Path.Combine(layout, "index.json"),
            "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + $"\"digest\":\"{manifestDigest}\",\"size\":{manifest.Length},\"annotations\":{{\"org.opencontainers.image.ref.name\":\"{Tag}\"}}}}]}}");
    }

    public void Dispose()
    {
        if (!_registry.HasExited)
        {
            _registry.Kill(entireProcessTree: true);
            _registry.WaitForExit(5000);
        }
        _registry.Dispose();
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
