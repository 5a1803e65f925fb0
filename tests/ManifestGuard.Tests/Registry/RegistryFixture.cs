using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace ManifestGuard.Tests.Registry;

/// <summary>
/// Two real Debian `docker-registry` (distribution 2.8) instances on free loopback ports, one open and
/// one behind htpasswd Basic auth, filled by `skopeo copy` from OCI layouts written here. The collections that
/// use this fixture share one pair (<see cref="SharedRegistries"/>): no test writes to them, and starting and
/// filling a pair per collection cost seconds of CPU each. Missing tools fail the tests: CI installs them
/// (`apt-get install docker-registry skopeo`).
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public const string User = "tester";
    public const string Password = "pin-me-if-you-can";

    private readonly List<Process> _registries = [];

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("mg-registry-").FullName;

    /// <summary>host:port of the open registry.</summary>
    public string Open { get; private set; } = "";

    /// <summary>host:port of the registry that wants <see cref="User"/>/<see cref="Password"/>.</summary>
    public string Private { get; private set; } = "";

    private bool _sharesRegistries;

    public async Task InitializeAsync()
    {
        // Held from here on, even when starting them fails: DisposeAsync lets go either way.
        _sharesRegistries = true;
        var shared = await SharedRegistries.AcquireAsync();
        (Open, Private) = (shared.Open, shared.Private);
    }

    /// <summary>Starts the open and the private registry and pushes every image the registry tests read.</summary>
    internal async Task StartAndFillAsync()
    {
        RequireTool("docker-registry");
        RequireTool("skopeo");
        var htpasswd = Path.Combine(WorkDirectory, "htpasswd");
        await File.WriteAllTextAsync(htpasswd, $"{User}:{Bcrypt.Hash(Password)}\n");

        Open = await StartRegistryAsync("open", htpasswd: null);
        Private = await StartRegistryAsync("private", htpasswd);

        var single = WriteLayout("single", ("amd64", "hello"));
        var multi = WriteLayout("multi", ("amd64", "hello amd64"), ("arm64", "hello arm64"));
        await PushAsync(single, Open, "app/single:1");
        await PushAsync(multi, Open, "app/multi:1");
        await PushAsync(multi, Open, "app/dockerlist:1", "--format", "v2s2");
        await PushAsync(single, Open, "library/nginx:1.25");
        // A tag that moved: `1` was single's content and now points at multi's; `old` keeps single's alive.
        await PushAsync(single, Open, "app/moving:old");
        await PushAsync(multi, Open, "app/moving:1");
        // One unsigned image in three repositories, for comparing policy.json evaluation with skopeo's.
        foreach (var repository in PolicyRepositories)
        {
            await PushAsync(single, Open, $"{repository}:{PolicyTag}");
        }
        await PushAsync(single, Private, "team/app:1", "--dest-creds", $"{User}:{Password}");
    }

    public async Task DisposeAsync()
    {
        if (_sharesRegistries)
        {
            _sharesRegistries = false;
            await SharedRegistries.ReleaseAsync();
        }
        StopAndDelete();
    }

    /// <summary>Stops the registries this instance started and deletes its folder.</summary>
    internal void StopAndDelete()
    {
        foreach (var registry in _registries)
        {
            registry.Kill(entireProcessTree: true);
            registry.WaitForExit();
            registry.Dispose();
        }
        _registries.Clear();
        if (Directory.Exists(WorkDirectory))
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
    }

    /// <summary>Repositories of <see cref="Open"/> holding one unsigned image tagged <see cref="PolicyTag"/>.</summary>
    public static readonly string[] PolicyRepositories = ["team/app", "team/other", "elsewhere/app"];

    public const string PolicyTag = "1.0";

    /// <summary>Whether containers/image (skopeo) lets the image be copied under the policy file: the real enforcer's verdict.</summary>
    /// <param name="registriesDirectory">A registries.d folder (where signatures are looked up), or null for skopeo's default.</param>
    public bool SkopeoAdmits(string policyFile, string image, out string output, string? registriesDirectory = null)
    {
        var destination = Path.Combine(WorkDirectory, "pulled-" + Guid.NewGuid().ToString("N"));
        string[] lookaside = registriesDirectory is null ? [] : ["--registries.d", registriesDirectory];
        var start = new ProcessStartInfo("skopeo", ["copy", "--policy", policyFile, .. lookaside, "--src-tls-verify=false", $"docker://{image}",
            // dir: keeps signatures; an OCI layout refuses them, which would fail every signed copy.
            registriesDirectory is null ? $"oci:{destination}:x" : $"dir:{destination}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["HOME"] = WorkDirectory;
        start.Environment["REGISTRY_AUTH_FILE"] = Path.Combine(WorkDirectory, "no-auth.json");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("skopeo did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("skopeo copy did not finish: " + image);
        }
        output = stdout.Result + stderr.Result;
        return process.ExitCode == 0;
    }

    /// <summary>What the issue defines as the truth: sha256 of `skopeo inspect --raw`, the exact bytes the registry serves for the tag.</summary>
    public async Task<string> RawDigestAsync(string registry, string repositoryAndTag, params string[] extra)
    {
        var raw = await RunAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", .. extra, $"docker://{registry}/{repositoryAndTag}"]);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw));
    }

    private static void RequireTool(string name)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, name)));
        Assert.True(found, $"{name} is not on PATH: install it (apt-get install docker-registry skopeo); these tests need a real registry");
    }

    internal async Task<string> StartRegistryAsync(string name, string? htpasswd)
    {
        var port = FreePort();
        var directory = Directory.CreateDirectory(Path.Combine(WorkDirectory, name)).FullName;
        var config = Path.Combine(directory, "config.yml");
        var auth = htpasswd is null ? "" : $"auth:\n  htpasswd:\n    realm: test\n    path: {htpasswd}\n";
        await File.WriteAllTextAsync(config,
            $"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {Path.Combine(directory, "storage")}\n"
            + $"http:\n  addr: 127.0.0.1:{port}\n{auth}");
        var process = Process.Start(new ProcessStartInfo("docker-registry", ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("docker-registry did not start");
        _registries.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            Assert.False(process.HasExited, $"docker-registry ({name}) exited with {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/v2/"));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return $"127.0.0.1:{port}";
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }
            Assert.True(DateTime.UtcNow < deadline, $"docker-registry ({name}) did not answer on port {port}");
            await Task.Delay(50);
        }
    }

    internal async Task PushAsync(string layout, string registry, string repositoryAndTag, params string[] extra) =>
        await RunAsync("skopeo", ["--insecure-policy", "copy", "--all", "--dest-tls-verify=false", .. extra, $"oci:{layout}:v1", $"docker://{registry}/{repositoryAndTag}"]);

    /// <param name="environment">Variables for the tool besides HOME and REGISTRY_AUTH_FILE (GNUPGHOME for signing).</param>
    internal async Task<byte[]> RunAsync(string tool, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Keep skopeo away from the user's own credentials.
        start.Environment["HOME"] = WorkDirectory;
        start.Environment["REGISTRY_AUTH_FILE"] = Path.Combine(WorkDirectory, "no-auth.json");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await copy;
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed: {await error}");
        return output.ToArray();
    }

    /// <summary>An OCI image layout with one image per platform (an index over them when there are several), tagged `v1`.</summary>
    internal string WriteLayout(string name, params (string Architecture, string Content)[] platforms)
    {
        var root = Directory.CreateDirectory(Path.Combine(WorkDirectory, "layouts", name)).FullName;
        Directory.CreateDirectory(Path.Combine(root, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(root, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");

        var manifests = new JsonArray();
        foreach (var (architecture, content) in platforms)
        {
            var (tar, gzip) = Layer(content);
            var layer = Blob(root, gzip);
            var config = Blob(root, Encoding.UTF8.GetBytes(new JsonObject
            {
                ["architecture"] = architecture,
                ["os"] = "linux",
                ["config"] = new JsonObject(),
                ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar))) },
            }.ToJsonString()));
            var manifest = Encoding.UTF8.GetBytes(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", config),
                ["layers"] = new JsonArray(Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer)),
            }.ToJsonString());
            var descriptor = Descriptor("application/vnd.oci.image.manifest.v1+json", Blob(root, manifest));
            descriptor["platform"] = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" };
            manifests.Add(descriptor);
        }

        JsonObject top;
        if (platforms.Length == 1)
        {
            top = manifests[0]!.AsObject();
            top.Remove("platform");
            manifests.RemoveAt(0);
        }
        else
        {
            var index = Encoding.UTF8.GetBytes(new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = "application/vnd.oci.image.index.v1+json",
                ["manifests"] = manifests,
            }.ToJsonString());
            top = Descriptor("application/vnd.oci.image.index.v1+json", Blob(root, index));
        }
        top["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = "v1" };
        File.WriteAllText(Path.Combine(root, "index.json"), new JsonObject
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new JsonArray(top),
        }.ToJsonString());
        return root;
    }

    private static (byte[] Tar, byte[] Gzip) Layer(string content)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "hello.txt")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                ModificationTime = DateTimeOffset.UnixEpoch,
            };
            writer.WriteEntry(entry);
        }
        using var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(tar.ToArray());
        }
        return (tar.ToArray(), gzip.ToArray());
    }

    private static (string Digest, long Size) Blob(string root, byte[] content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        File.WriteAllBytes(Path.Combine(root, "blobs", "sha256", hex), content);
        return ("sha256:" + hex, content.Length);
    }

    private static JsonObject Descriptor(string mediaType, (string Digest, long Size) blob) =>
        new() { ["mediaType"] = mediaType, ["digest"] = blob.Digest, ["size"] = blob.Size };

    internal static int FreePort() => LoopbackPorts.Take();

    /// <summary>
    /// bcrypt through the C library's crypt(3) (libxcrypt, part of every Debian and Ubuntu base system):
    /// distribution's htpasswd accepts only bcrypt, and no .NET API makes it.
    /// </summary>
    private static class Bcrypt
    {
        private const string SaltAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

        // crypt(3) returns a static buffer: fixtures of collections that start in parallel must take turns.
        private static readonly Lock CryptLock = new();

        public static string Hash(string password)
        {
            var salt = "$2b$05$" + new string(RandomNumberGenerator.GetItems<char>(SaltAlphabet, 22));
            string? result;
            lock (CryptLock)
            {
                result = Marshal.PtrToStringUTF8(NativeMethods.Crypt(password, salt));
            }
            Assert.True(result is not null && result.StartsWith("$2b$", StringComparison.Ordinal), "crypt(3) cannot make bcrypt hashes here");
            return result;
        }
    }

    private static class NativeMethods
    {
        [DllImport("libcrypt.so.1", EntryPoint = "crypt", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr Crypt([MarshalAs(UnmanagedType.LPUTF8Str)] string key, [MarshalAs(UnmanagedType.LPUTF8Str)] string salt);
    }
}
