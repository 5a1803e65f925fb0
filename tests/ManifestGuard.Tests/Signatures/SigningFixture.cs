using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ManifestGuard.Tests.Registry;
using Xunit;

namespace ManifestGuard.Tests.Signatures;

/// <summary>
/// A real Debian `docker-registry` with images signed by skopeo itself: two GPG keys made here (`gpg --batch
/// --quick-gen-key` in a temporary GNUPGHOME), `skopeo copy --sign-by` with a registries.d `lookaside-staging`,
/// and `skopeo standalone-sign` for a signature claiming another name. Signatures of `ns/...` are staged at a
/// lookaside of the `ns` namespace, all others at `default-docker`'s.
/// </summary>
public sealed class SigningFixture : IAsyncLifetime
{
    private readonly RegistryFixture _registry = new();

    public string Registry { get; private set; } = "";

    public string WorkDirectory => _registry.WorkDirectory;

    /// <summary>Armored public keys: A, B, and one file holding both.</summary>
    public string KeyA => Path.Combine(WorkDirectory, "key-a.asc");

    public string KeyB => Path.Combine(WorkDirectory, "key-b.asc");

    public string KeysAB => Path.Combine(WorkDirectory, "keys-ab.asc");

    /// <summary>The registries.d folder the node (and skopeo) reads signatures through.</summary>
    public string RegistriesDirectory => Path.Combine(WorkDirectory, "registries.d");

    public string RegistriesFile => Path.Combine(RegistriesDirectory, "lookaside.yaml");

    private string GnupgHome => Path.Combine(WorkDirectory, "gnupg");

    public async Task InitializeAsync()
    {
        RequireTool("gpg");
        Registry = await _registry.StartRegistryAsync("signed", htpasswd: null);
        // gpg warns about (and some versions refuse) a home folder others can read.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(GnupgHome);
        }
        else
        {
            Directory.CreateDirectory(
                GnupgHome,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            );
        }
        var a = await MakeKeyAsync("Signer A <a@example.com>", KeyA);
        var b = await MakeKeyAsync("Signer B <b@example.com>", KeyB);
        await File.WriteAllTextAsync(KeysAB, await File.ReadAllTextAsync(KeyA) + await File.ReadAllTextAsync(KeyB));

        Directory.CreateDirectory(RegistriesDirectory);
        var defaultSignatures = new Uri(Path.Combine(WorkDirectory, "default-signatures")).AbsoluteUri;
        var namespaceSignatures = new Uri(Path.Combine(WorkDirectory, "ns-signatures")).AbsoluteUri;
        await File.WriteAllTextAsync(
            RegistriesFile,
            $"""
            default-docker:
              lookaside: {defaultSignatures}
              lookaside-staging: {defaultSignatures}
            docker:
              {Registry}/ns:
                lookaside: {namespaceSignatures}
                lookaside-staging: {namespaceSignatures}
            """
        );

        var single = _registry.WriteLayout("single", ("amd64", "signed content"));
        var multi = _registry.WriteLayout("multi", ("amd64", "signed amd64"), ("arm64", "signed arm64"));
        await _registry.PushAsync(single, Registry, "team/unsigned:1");
        await PushSignedAsync(single, "team/signed:1", a);
        await PushSignedAsync(single, "team/by-b:1", b);
        await PushSignedAsync(multi, "team/multi:1", a, "--all");
        await _registry.PushAsync(multi, Registry, "team/multi-unsigned:1", "--all");
        await PushSignedAsync(single, "ns/sub/app:1", a);

        // A signature by A whose payload claims another name: what a copied or renamed image carries.
        await _registry.PushAsync(single, Registry, "team/moved:1");
        var manifest = await _registry.RunAsync(
            "skopeo",
            ["inspect", "--raw", "--tls-verify=false", $"docker://{Registry}/team/moved:1"]
        );
        var manifestFile = Path.Combine(WorkDirectory, "moved-manifest.json");
        await File.WriteAllBytesAsync(manifestFile, manifest);
        var signatureFolder = Directory
            .CreateDirectory(
                Path.Combine(
                    WorkDirectory,
                    "default-signatures",
                    "team",
                    "moved@sha256=" + Convert.ToHexStringLower(SHA256.HashData(manifest))
                )
            )
            .FullName;
        await _registry.RunAsync(
            "skopeo",
            [
                "standalone-sign",
                manifestFile,
                $"{Registry}/other/app:1",
                a,
                "--output",
                Path.Combine(signatureFolder, "signature-1"),
            ],
            Gnupg
        );

        await _registry.PushAsync(single, Registry, LateImage + ":1");
        await AttachSigstoreSignaturesAsync();
    }

    /// <summary>PEM public keys of the ECDSA P-256 keys that sign the sigstore attachments (A signs what GPG key A signs).</summary>
    public string SigstoreKeyA => Path.Combine(WorkDirectory, "sigstore-a.pub");

    public string SigstoreKeyB => Path.Combine(WorkDirectory, "sigstore-b.pub");

    /// <summary>registries.d for the sigstore side: attachments on for `default-docker` and for the `ns` namespace.</summary>
    public string SigstoreRegistriesFile => Path.Combine(WorkDirectory, "sigstore-registries.yaml");

    public async Task DisposeAsync()
    {
        await SkopeoVerdictsFinishedAsync();
        _sigstoreA.Dispose();
        _sigstoreB.Dispose();
        _certificateA.Dispose();
        _certificateB.Dispose();
        Authority.Dispose();
        await _registry.DisposeAsync();
    }

    private readonly ECDsa _sigstoreA = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _sigstoreB = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private X509Certificate2 _certificateA = null!;
    private X509Certificate2 _certificateB = null!;

    /// <summary>
    /// The CA and Rekor log of the certificates every attachment also carries: the signing key's certificate
    /// (A: a@example.com, a.signers.example.com; B likewise), the chain, and a Rekor bundle logged now. So one
    /// attachment serves the key, Fulcio and PKI counterparts of a case alike.
    /// </summary>
    public TestSigstoreAuthority Authority { get; } = new("Signing Fixture");

    /// <summary>The CA (root) certificate and the Rekor public key of <see cref="Authority"/>, as PEM files.</summary>
    public string CertificateAuthorityFile => Path.Combine(WorkDirectory, "signing-ca.pem");

    public string RekorKeyFile => Path.Combine(WorkDirectory, "rekor.pub");

    /// <summary>An image whose one signature carries a Fulcio certificate that expired before Rekor logged it.</summary>
    public const string LateImage = "team/logged-late";

    /// <summary>
    /// The sigstore counterpart of every GPG signature: an attachment (`sha256-…sig`) with the payload laid out as
    /// containers/image writes it, signed by the ECDSA key matching the GPG key, for the same identity.
    /// </summary>
    private async Task AttachSigstoreSignaturesAsync()
    {
        var now = DateTimeOffset.UtcNow;
        _certificateA = Authority.Issue(_sigstoreA, now.AddHours(-1), now.AddHours(2), "a@example.com", "a.signers.example.com");
        _certificateB = Authority.Issue(_sigstoreB, now.AddHours(-1), now.AddHours(2), "b@example.com", "b.signers.example.com");
        await File.WriteAllTextAsync(CertificateAuthorityFile, Authority.RootPem);
        await File.WriteAllTextAsync(RekorKeyFile, Authority.RekorPublicKeyPem);
        await File.WriteAllTextAsync(SigstoreKeyA, _sigstoreA.ExportSubjectPublicKeyInfoPem());
        await File.WriteAllTextAsync(SigstoreKeyB, _sigstoreB.ExportSubjectPublicKeyInfoPem());
        await File.WriteAllTextAsync(
            SigstoreRegistriesFile,
            $"""
            default-docker:
              use-sigstore-attachments: true
            docker:
              {Registry}/ns:
                use-sigstore-attachments: true
            """
        );
        await AttachAsync("team/signed", await DigestAsync("team/signed:1"), $"{Registry}/team/signed:1", _sigstoreA);
        await AttachAsync("team/by-b", await DigestAsync("team/by-b:1"), $"{Registry}/team/by-b:1", _sigstoreB);
        await AttachAsync("team/moved", await DigestAsync("team/moved:1"), $"{Registry}/other/app:1", _sigstoreA);
        await AttachAsync("ns/sub/app", await DigestAsync("ns/sub/app:1"), $"{Registry}/ns/sub/app:1", _sigstoreA);
        using var expired = Authority.Issue(_sigstoreA, now.AddHours(-3), now.AddHours(-2), "a@example.com");
        await AttachAsync(LateImage, await DigestAsync(LateImage + ":1"), $"{Registry}/{LateImage}:1", _sigstoreA, expired);
        var index = await _registry.RunAsync(
            "skopeo",
            ["inspect", "--raw", "--tls-verify=false", $"docker://{Registry}/team/multi:1"]
        );
        using var document = System.Text.Json.JsonDocument.Parse(index);
        foreach (var platform in document.RootElement.GetProperty("manifests").EnumerateArray())
        {
            await AttachAsync(
                "team/multi",
                platform.GetProperty("digest").GetString()!,
                $"{Registry}/team/multi:1",
                _sigstoreA
            );
        }
    }

    private async Task AttachAsync(
        string repository,
        string manifestDigest,
        string identity,
        ECDsa key,
        X509Certificate2? certificate = null
    )
    {
        var payload = TestSigstoreAuthority.Payload(identity, manifestDigest);
        certificate ??= key == _sigstoreA ? _certificateA : _certificateB;
        var annotations = new System.Text.Json.Nodes.JsonObject();
        foreach (var (name, value) in Authority.Annotations(key, certificate, payload, DateTimeOffset.UtcNow))
        {
            annotations[name] = value;
        }
        var config = "{}"u8.ToArray();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{Registry}/") };
        var payloadDigest = await UploadBlobAsync(http, repository, payload);
        var configDigest = await UploadBlobAsync(http, repository, config);
        var manifest = new System.Text.Json.Nodes.JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new System.Text.Json.Nodes.JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.config.v1+json",
                ["digest"] = configDigest,
                ["size"] = config.Length,
            },
            ["layers"] = new System.Text.Json.Nodes.JsonArray(
                new System.Text.Json.Nodes.JsonObject
                {
                    ["mediaType"] = "application/vnd.dev.cosign.simplesigning.v1+json",
                    ["digest"] = payloadDigest,
                    ["size"] = payload.Length,
                    ["annotations"] = annotations,
                }
            ),
        }.ToJsonString();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(manifest));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(
            "application/vnd.oci.image.manifest.v1+json"
        );
        using var put = await http.PutAsync(
            new Uri($"v2/{repository}/manifests/{manifestDigest.Replace(':', '-')}.sig", UriKind.Relative),
            content
        );
        Assert.True(put.IsSuccessStatusCode, $"pushing the attachment failed: {put.StatusCode}");
    }

    private static async Task<string> UploadBlobAsync(HttpClient http, string repository, byte[] blob)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));
        using var start = await http.PostAsync(new Uri($"v2/{repository}/blobs/uploads/", UriKind.Relative), null);
        Assert.True(start.Headers.Location is not null, $"no upload location: {start.StatusCode}");
        var location = start.Headers.Location.IsAbsoluteUri
            ? start.Headers.Location
            : new Uri(http.BaseAddress!, start.Headers.Location);
        var upload = new UriBuilder(location);
        upload.Query =
            (upload.Query.Length > 1 ? upload.Query[1..] + "&" : "") + "digest=" + Uri.EscapeDataString(digest);
        using var content = new ByteArrayContent(blob);
        using var put = await http.PutAsync(upload.Uri, content);
        Assert.True(put.IsSuccessStatusCode, $"uploading a blob failed: {put.StatusCode}");
        return digest;
    }

    /// <summary>
    /// An image of the registry: "team/app:1" as written, "team/app@" pinned to the digest its tag `1` has.
    /// </summary>
    public async Task<string> ReferenceAsync(string image) =>
        image.EndsWith('@')
            ? $"{Registry}/{image}{await DigestAsync(image.TrimEnd('@') + ":1")}"
            : $"{Registry}/{image}";

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _digests = new(StringComparer.Ordinal);

    /// <summary>
    /// The digest the registry serves for the tag (sha256 of `skopeo inspect --raw`), asked once per tag: the tests
    /// treat this registry as read only, so a tag's digest does not change during the run.
    /// </summary>
    public Task<string> DigestAsync(string repositoryAndTag) =>
        _digests.GetOrAdd(
            repositoryAndTag,
            tag => new Lazy<Task<string>>(() => _registry.RawDigestAsync(Registry, tag))
        ).Value;

    public bool SkopeoAdmits(string policyFile, string image, out string output) =>
        _registry.SkopeoAdmits(policyFile, image, out output, RegistriesDirectory);

    private readonly ConcurrentDictionary<(string PolicyJson, string Image), Lazy<Task<(bool, string)>>> _verdicts =
        new();

    /// <summary>
    /// skopeo's verdict on <paramref name="image"/> under the policy text (admitted, and what skopeo said), asked once
    /// per policy and image: the key, Fulcio and PKI counterparts of a case all compare with the same GPG run, and
    /// <see cref="StartSkopeoVerdicts"/> may have asked it already.
    /// </summary>
    public Task<(bool Admitted, string Output)> SkopeoVerdictAsync(string policyJson, string image) =>
        _verdicts.GetOrAdd(
            (policyJson, image),
            key => new Lazy<Task<(bool, string)>>(() => Task.Run(() =>
            {
                var policyFile = Path.Combine(WorkDirectory, $"policy-{Guid.NewGuid():N}.json");
                File.WriteAllText(policyFile, key.PolicyJson);
                return (SkopeoAdmits(policyFile, key.Image, out var said), said);
            }))
        ).Value;

    private readonly Lock _verdictsStart = new();
    private Task? _verdictsStarting;

    /// <summary>
    /// Starts skopeo on every (policy, image) the <paramref name="cases"/> give, the first time it is called, so the
    /// copies run side by side while the tests go through the cases one by one and find their verdict waiting.
    /// </summary>
    public void StartSkopeoVerdicts(Func<Task<IEnumerable<(string PolicyJson, string Image)>>> cases)
    {
        lock (_verdictsStart)
        {
            // A skopeo copy mostly waits, on its own start and on the registry: a few at a time overlap those waits.
            _verdictsStarting ??= Task.Run(async () =>
                await Parallel.ForEachAsync(
                    await cases(),
                    new ParallelOptions { MaxDegreeOfParallelism = 4 },
                    async (verdict, _) => await SkopeoVerdictAsync(verdict.PolicyJson, verdict.Image)
                )
            );
        }
    }

    /// <summary>Waits for the skopeo runs started ahead of the tests, so none outlives the registry it reads.</summary>
    private async Task SkopeoVerdictsFinishedAsync()
    {
        if (_verdictsStarting is { } starting)
        {
            // WhenAny: a failure here was already reported by the test that awaited that verdict.
            await Task.WhenAny(starting);
        }
        await Task.WhenAny(Task.WhenAll(_verdicts.Values.Select(v => v.Value)));
    }

    private Dictionary<string, string> Gnupg => new() { ["GNUPGHOME"] = GnupgHome };

    private Task<byte[]> PushSignedAsync(
        string layout,
        string repositoryAndTag,
        string fingerprint,
        params string[] extra
    ) =>
        _registry.RunAsync(
            "skopeo",
            [
                "--insecure-policy",
                "copy",
                .. extra,
                "--dest-tls-verify=false",
                "--registries.d",
                RegistriesDirectory,
                "--sign-by",
                fingerprint,
                $"oci:{layout}:v1",
                $"docker://{Registry}/{repositoryAndTag}",
            ],
            Gnupg
        );

    private async Task<string> MakeKeyAsync(string user, string exportTo)
    {
        await _registry.RunAsync(
            "gpg",
            ["--batch", "--passphrase", "", "--quick-gen-key", user, "default", "default", "never"],
            Gnupg
        );
        var listing = Encoding.UTF8.GetString(
            await _registry.RunAsync("gpg", ["--batch", "--with-colons", "--list-keys", user], Gnupg)
        );
        var fingerprint = listing.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
        await File.WriteAllBytesAsync(
            exportTo,
            await _registry.RunAsync("gpg", ["--batch", "--armor", "--export", fingerprint], Gnupg)
        );
        return fingerprint;
    }

    private static void RequireTool(string name)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':')
            .Any(d => File.Exists(Path.Combine(d, name)));
        Assert.True(
            found,
            $"{name} is not on PATH: install it (apt-get install gnupg); the signature tests sign with it"
        );
    }
}
