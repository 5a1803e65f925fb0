using ManifestGuard.Tests.TestSupport;
using ManifestGuard.References;
using ManifestGuard.Registry;
using Xunit;

namespace ManifestGuard.Tests.Registry;

/// <summary>Against distribution 2.8 (Debian's docker-registry), filled by skopeo: what users meet.</summary>
[Trait(Requires.Trait, Requires.Registry)]
[Collection(RegistryGroup.Name)]
public sealed class RealRegistryTests : IDisposable
{
    private readonly RegistryFixture _registry;
    private readonly string _home = Directory.CreateTempSubdirectory("mg-home-").FullName;

    public RealRegistryTests(RegistryFixture registry) => _registry = registry;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Theory]
    [InlineData("app/single:1")]
    [InlineData("app/multi:1")] // OCI index: the index's digest, not one platform's
    [InlineData("app/dockerlist:1")] // Docker manifest list: the list's digest, not the linux/amd64 child
    public async Task Resolves_a_tag_to_the_digest_the_registry_serves_for_it(string repositoryAndTag)
    {
        using var client = new RegistryClient(new RegistryClientOptions());

        var result = await client.ResolveTagAsync(ImageReference.Parse($"{_registry.Open}/{repositoryAndTag}"));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(await _registry.RawDigestAsync(_registry.Open, repositoryAndTag), result.Digest);
    }

    [Theory]
    [InlineData("app/multi:1", ManifestMediaTypes.OciIndex)]
    [InlineData("app/dockerlist:1", ManifestMediaTypes.DockerManifestList)]
    [InlineData("app/single:1", ManifestMediaTypes.OciManifest)]
    public async Task Reports_what_kind_of_manifest_the_tag_points_at(string repositoryAndTag, string mediaType)
    {
        using var client = new RegistryClient(new RegistryClientOptions());

        var result = await client.ResolveTagAsync(ImageReference.Parse($"{_registry.Open}/{repositoryAndTag}"));

        Assert.Equal(mediaType, result.MediaType);
    }

    [Fact]
    public async Task Finds_a_digest_that_exists_and_reports_one_that_does_not()
    {
        using var client = new RegistryClient(new RegistryClientOptions());
        var digest = await _registry.RawDigestAsync(_registry.Open, "app/multi:1");

        var found = await client.FindDigestAsync(ImageReference.Parse($"{_registry.Open}/app/multi:1@{digest}"));
        var missing = await client.FindDigestAsync(ImageReference.Parse($"{_registry.Open}/app/multi@sha256:{new string('0', 64)}"));

        Assert.Equal(digest, found.Digest);
        Assert.Equal(RegistryErrorKind.NotFound, missing.ErrorKind);
    }

    [Theory]
    [InlineData("app/single:nope")]
    [InlineData("no/such/repo:1")]
    public async Task Reports_an_unknown_tag_or_repository_as_not_found(string repositoryAndTag)
    {
        using var client = new RegistryClient(new RegistryClientOptions());

        var result = await client.ResolveTagAsync(ImageReference.Parse($"{_registry.Open}/{repositoryAndTag}"));

        Assert.Equal(RegistryErrorKind.NotFound, result.ErrorKind);
        Assert.Contains(repositoryAndTag, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_Docker_Hub_names_through_an_endpoint_override()
    {
        var options = new RegistryClientOptions
        {
            EndpointOverrides = new Dictionary<string, Uri> { ["docker.io"] = new($"http://{_registry.Open}") },
        };
        using var client = new RegistryClient(options);

        // `nginx` is docker.io/library/nginx.
        var result = await client.ResolveTagAsync(ImageReference.Parse("nginx:1.25"));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(await _registry.RawDigestAsync(_registry.Open, "library/nginx:1.25"), result.Digest);
    }

    [Fact]
    public async Task Logs_in_with_Basic_auth_from_the_Docker_config()
    {
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{RegistryFixture.User}:{RegistryFixture.Password}"));
        WriteDockerConfig($$$"""{"auths": {"{{{_registry.Private}}}": {"auth": "{{{auth}}}" } } }""");
        using var client = new RegistryClient(new RegistryClientOptions(), new DockerCredentialStore(Environment()));

        var result = await client.ResolveTagAsync(ImageReference.Parse($"{_registry.Private}/team/app:1"));

        Assert.True(result.Succeeded, result.Error);
        var expected = await _registry.RawDigestAsync(_registry.Private, "team/app:1", "--creds", $"{RegistryFixture.User}:{RegistryFixture.Password}");
        Assert.Equal(expected, result.Digest);
    }

    [Fact]
    public async Task Gets_credentials_from_a_credential_helper()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_home, "bin")).FullName;
        CredentialHelperScripts.Write(bin, "mgtest", _registry.Private, RegistryFixture.User, RegistryFixture.Password);
        WriteDockerConfig($$$"""{"credsStore": "missing-store", "credHelpers": {"{{{_registry.Private}}}": "mgtest"}}""");
        using var client = new RegistryClient(new RegistryClientOptions(), new DockerCredentialStore(Environment(path: bin)));

        var result = await client.ResolveTagAsync(ImageReference.Parse($"{_registry.Private}/team/app:1"));

        Assert.True(result.Succeeded, result.Error);
    }

    [Fact]
    public async Task Is_refused_without_credentials_and_with_wrong_ones_and_never_echoes_them()
    {
        using var anonymous = new RegistryClient(new RegistryClientOptions());
        var wrong = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{RegistryFixture.User}:not-the-password"));
        WriteDockerConfig($$$"""{"auths": {"{{{_registry.Private}}}": {"auth": "{{{wrong}}}" } } }""");
        using var wrongCredentials = new RegistryClient(new RegistryClientOptions(), new DockerCredentialStore(Environment()));
        var reference = ImageReference.Parse($"{_registry.Private}/team/app:1");

        var withNone = await anonymous.ResolveTagAsync(reference);
        var withWrong = await wrongCredentials.ResolveTagAsync(reference);

        Assert.Equal(RegistryErrorKind.Unauthorized, withNone.ErrorKind);
        Assert.Equal(RegistryErrorKind.Unauthorized, withWrong.ErrorKind);
        Assert.DoesNotContain("not-the-password", withWrong.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, withWrong.ToString(), StringComparison.Ordinal);
    }

    private void WriteDockerConfig(string json)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_home, ".docker")).FullName;
        File.WriteAllText(Path.Combine(directory, "config.json"), json);
    }

    private RegistryEnvironment Environment(string path = "") =>
        new(name => name == "PATH" ? path : null, _home);
}
