using System.Text;
using ManifestGuard.Registry;
using Xunit;

namespace ManifestGuard.Tests.Registry;

/// <summary>
/// Lookup rules of the Docker config (https://docs.docker.com/reference/cli/docker/login/#credential-stores)
/// and containers-auth.json(5), against files and helper scripts in a temporary home.
/// </summary>
public sealed class DockerCredentialStoreTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("mg-creds-").FullName;
    private readonly Dictionary<string, string> _variables = [];

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Theory]
    [InlineData("https://index.docker.io/v1/")]
    [InlineData("docker.io")]
    [InlineData("registry-1.docker.io")]
    public async Task Finds_Docker_Hub_credentials_under_any_of_its_keys(string key)
    {
        WriteDocker($$$"""{"auths": {"{{{key}}}": {"auth": "{{{Base64("hub:pw")}}}"} } }""");

        var credential = await Store().FindAsync("docker.io", "library/nginx", default);

        Assert.Equal(new RegistryCredential("hub", "pw"), credential);
    }

    [Fact]
    public async Task Reads_an_identity_token_as_the_token_username()
    {
        WriteDocker("""{"auths": {"ghcr.io": {"auth": "", "identitytoken": "refresh"} } }""");

        var credential = await Store().FindAsync("ghcr.io", "org/app", default);

        Assert.NotNull(credential);
        Assert.True(credential.IsIdentityToken);
        Assert.Equal("refresh", credential.Secret);
    }

    [Fact]
    public async Task Prefers_the_registry_helper_over_the_global_store_and_sends_Hub_its_legacy_address()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_home, "bin")).FullName;
        CredentialHelperScripts.Write(bin, "perhost", "https://index.docker.io/v1/", "from-helper", "h");
        CredentialHelperScripts.Write(bin, "global", "https://index.docker.io/v1/", "from-store", "s");
        _variables["PATH"] = bin;
        WriteDocker("""{"credsStore": "global", "credHelpers": {"docker.io": "perhost"} }""");

        var credential = await Store().FindAsync("docker.io", "library/nginx", default);

        Assert.Equal("from-helper", credential?.Username);
    }

    [Fact]
    public async Task Treats_credentials_not_found_as_anonymous()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_home, "bin")).FullName;
        CredentialHelperScripts.Write(bin, "global", "other.example.com", "u", "p");
        _variables["PATH"] = bin;
        WriteDocker("""{"credsStore": "global"}""");

        Assert.Null(await Store().FindAsync("ghcr.io", "org/app", default));
    }

    [Fact]
    public async Task Fails_clearly_when_a_registry_helper_is_not_installed()
    {
        WriteDocker("""{"credHelpers": {"ghcr.io": "nowhere"} }""");

        var error = await Assert.ThrowsAsync<RegistryCredentialException>(() => Store().FindAsync("ghcr.io", "org/app", default));

        Assert.Contains("docker-credential-nowhere", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_REGISTRY_AUTH_FILE_first_with_the_most_specific_repository_key()
    {
        var authFile = Path.Combine(_home, "auth.json");
        File.WriteAllText(authFile, $$$"""
            {"auths": {
              "quay.io": {"auth": "{{{Base64("registry:1")}}}"},
              "quay.io/org": {"auth": "{{{Base64("namespace:2")}}}"},
              "quay.io/org/app": {"auth": "{{{Base64("repository:3")}}}"},
              "quay.io/org/application": {"auth": "{{{Base64("other:4")}}}"}
            } }
            """);
        _variables["REGISTRY_AUTH_FILE"] = authFile;
        WriteDocker($$$"""{"auths": {"quay.io": {"auth": "{{{Base64("docker:5")}}}"} } }""");
        var store = Store();

        Assert.Equal("repository", (await store.FindAsync("quay.io", "org/app", default))?.Username);
        Assert.Equal("namespace", (await store.FindAsync("quay.io", "org/app2", default))?.Username);
        Assert.Equal("registry", (await store.FindAsync("quay.io", "other/app", default))?.Username);
    }

    [Fact]
    public async Task Reads_DOCKER_CONFIG_instead_of_the_home_directory()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_home, "elsewhere")).FullName;
        File.WriteAllText(Path.Combine(directory, "config.json"), $$$"""{"auths": {"r.example.com": {"username": "u", "password": "p"} } }""");
        _variables["DOCKER_CONFIG"] = directory;

        Assert.Equal(new RegistryCredential("u", "p"), await Store().FindAsync("r.example.com", "a", default));
    }

    [Fact]
    public void Never_shows_a_secret_in_ToString()
    {
        var credential = new RegistryCredential("user", "hunter2");
        var file = new AuthFile("config.json", new Dictionary<string, RegistryCredential> { ["r"] = credential }, null, new Dictionary<string, string>());
        var token = new TokenResponse("hunter2", 60);

        Assert.DoesNotContain("hunter2", credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", file.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", token.ToString(), StringComparison.Ordinal);
    }

    private DockerCredentialStore Store() =>
        new(new RegistryEnvironment(name => _variables.TryGetValue(name, out var value) ? value : null, _home));

    private void WriteDocker(string json)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_home, ".docker")).FullName;
        File.WriteAllText(Path.Combine(directory, "config.json"), json);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
