using System.Security.Cryptography;
using System.Text;
using ManifestGuard.References;
using ManifestGuard.Registry;
using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.Registry;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Hardening;

/// <summary>
/// A sentinel password, fresh for every test, in the Docker config or containers auth.json: whatever
/// pin and check --online do with it (wrong password, unreachable host, a redirect to another host,
/// a broken credentials file, success), it never shows in stdout, stderr, SARIF, errors or ToString,
/// in clear or in the base64 forms Basic auth and the Docker config use. The commands run in process with
/// the credentials' variables given to their console; the successful run is the real binary reading them
/// from its own environment.
/// </summary>
[Trait(Requires.Trait, Requires.Registry)]
[Collection(RegistryGroup.Name)]
public sealed class SecretLeakTests(RegistryFixture registry) : IDisposable
{
    private const string User = RegistryFixture.User;
    private readonly string _sentinel = "mg-sentinel-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IEnumerable<string> Forms => [_sentinel, Base64($"{User}:{_sentinel}"), Base64(_sentinel), _sentinel[4..^4]];

    [Theory]
    [InlineData("docker-config")]
    [InlineData("auth-json")]
    public void A_wrong_password_fails_pin_and_online_check_without_showing_it(string store)
    {
        var environment = Credentials(store, registry.Private, _sentinel);
        _dir.Write("app/pod.yaml", TestScan.Pod($"{registry.Private}/team/app:1"));

        var pin = CliRunner.Run(_dir.Combine("app"), null, environment, "pin", ".");
        var check = CliRunner.Run(_dir.Combine("app"), null, environment, "check", ".", "--online", "--format", "sarif", "--output", _dir.Combine("report.sarif"));
        var text = CliRunner.Run(_dir.Combine("app"), null, environment, "check", ".", "--online");

        Assert.Equal(3, pin.ExitCode);
        Assert.Contains("401", pin.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(_dir.Combine("report.sarif")), check.Stderr);
        AssertNoSecret(pin.Stdout, pin.Stderr, check.Stdout, check.Stderr, File.ReadAllText(_dir.Combine("report.sarif")), text.Stdout, text.Stderr);
    }

    [Fact]
    public void An_unreachable_registry_fails_without_showing_the_password()
    {
        var closed = $"127.0.0.1:{RegistryFixture.FreePort()}";
        var environment = Credentials("docker-config", closed, _sentinel);
        _dir.Write("app/pod.yaml", TestScan.Pod($"{closed}/team/app:1"));

        var pin = CliRunner.Run(_dir.Combine("app"), null, environment, "pin", ".");
        var check = CliRunner.Run(_dir.Combine("app"), null, environment, "check", ".", "--online", "--format", "sarif");

        Assert.Equal(3, pin.ExitCode);
        Assert.Contains("cannot reach", pin.Stderr, StringComparison.Ordinal);
        AssertNoSecret(pin.Stdout, pin.Stderr, check.Stdout, check.Stderr);
    }

    [Fact]
    public void A_redirect_to_another_host_gets_no_credentials_and_nothing_shows_them()
    {
        var manifest = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"""u8.ToArray();
        using var elsewhere = new TestHttpServer(async context =>
        {
            context.Response.ContentType = "application/vnd.oci.image.index.v1+json";
            await context.Response.OutputStream.WriteAsync(manifest);
        });
        using var origin = new TestHttpServer(context =>
        {
            if (context.Request.Headers["Authorization"] is null)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers["WWW-Authenticate"] = "Basic realm=\"registry\"";
            }
            else if (context.Request.HttpMethod == "HEAD")
            {
                context.Response.StatusCode = 200; // no digest: the client must GET, and is redirected
            }
            else
            {
                context.Response.StatusCode = 307;
                context.Response.Headers["Location"] = $"http://{elsewhere.Authority}/blobs/manifest?secret-echo=none";
            }
            return Task.CompletedTask;
        });
        var environment = Credentials("docker-config", origin.Authority, _sentinel);
        _dir.Write("app/pod.yaml", TestScan.Pod($"{origin.Authority}/team/app:1"));

        var pin = CliRunner.Run(_dir.Combine("app"), null, environment, "pin", ".", "--dry-run", "--diff");

        Assert.True(pin.ExitCode == 0, pin.Stderr);
        Assert.Contains("@sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest)), pin.Stdout, StringComparison.Ordinal);
        Assert.Contains(origin.Requests, r => r.Authorization == "Basic " + Base64($"{User}:{_sentinel}"));
        Assert.NotEmpty(elsewhere.Requests);
        Assert.All(elsewhere.Requests, r => Assert.Null(r.Authorization));
        AssertNoSecret(pin.Stdout, pin.Stderr);
    }

    [Theory]
    [InlineData("{\"auths\": {\"HOST\": {\"auth\": \"SENTINEL!\"}}}")]
    [InlineData("{\"auths\": {\"HOST\": {\"auth\": \"BASE64-NO-COLON\"}}}")]
    [InlineData("{\"auths\": {\"HOST\": {\"auth\": \"BASE64-PAIR\"}, \"x\": SENTINEL}}")]
    [InlineData("{\"auths\": {\"HOST\": {\"auth\": \"BASE64-PAIR\"")]
    public void A_broken_credentials_file_is_reported_without_quoting_the_password(string template)
    {
        var config = template
            .Replace("HOST", registry.Private, StringComparison.Ordinal)
            .Replace("BASE64-PAIR", Base64($"{User}:{_sentinel}"), StringComparison.Ordinal)
            .Replace("BASE64-NO-COLON", Base64(_sentinel), StringComparison.Ordinal)
            .Replace("SENTINEL", _sentinel, StringComparison.Ordinal);
        _dir.Write("docker/config.json", config);
        var environment = new Dictionary<string, string?> { ["DOCKER_CONFIG"] = _dir.Combine("docker"), ["HOME"] = _dir.Path, ["REGISTRY_AUTH_FILE"] = _dir.Combine("none.json") };
        _dir.Write("app/pod.yaml", TestScan.Pod($"{registry.Private}/team/app:1"));

        var pin = CliRunner.Run(_dir.Combine("app"), null, environment, "pin", ".");
        var check = CliRunner.Run(_dir.Combine("app"), null, environment, "check", ".", "--online", "--format", "sarif");

        Assert.Equal(3, pin.ExitCode);
        AssertNoSecret(pin.Stdout, pin.Stderr, check.Stdout, check.Stderr);
    }

    [Fact]
    public void A_successful_pin_and_online_check_do_not_show_the_password()
    {
        // The open registry never asks for the credentials the config holds for it.
        var environment = Credentials("docker-config", registry.Open, _sentinel);
        _dir.Write("app/pod.yaml", TestScan.Pod($"{registry.Open}/app/single:1"));

        var check = CliRunner.RunProcess(_dir.Combine("app"), null, environment, "check", ".", "--online", "--format", "sarif", "--fail-on", "none");
        var pin = CliRunner.RunProcess(_dir.Combine("app"), null, environment, "pin", ".");

        Assert.True(pin.ExitCode == 0, pin.Stderr);
        Assert.Contains("@sha256:", File.ReadAllText(_dir.Combine("app/pod.yaml")), StringComparison.Ordinal);
        AssertNoSecret(pin.Stdout, pin.Stderr, check.Stdout, check.Stderr);
    }

    [Fact]
    public async Task Credentials_results_and_errors_of_the_client_do_not_show_the_password()
    {
        Credentials("docker-config", registry.Private, _sentinel);
        var store = new DockerCredentialStore(new RegistryEnvironment(
            name => name switch { "DOCKER_CONFIG" => _dir.Combine("docker"), "REGISTRY_AUTH_FILE" => _dir.Combine("none.json"), _ => null },
            _dir.Path));
        using var client = new RegistryClient(new RegistryClientOptions { MaxAttempts = 1 }, store);

        var credential = await store.FindAsync(registry.Private, "team/app", CancellationToken.None);
        var result = await client.ResolveTagAsync(ImageReference.Parse($"{registry.Private}/team/app:1"));
        var file = AuthFile.Read(_dir.Combine("docker/config.json"));

        Assert.Equal(_sentinel, credential?.Secret);
        Assert.False(result.Succeeded);
        Assert.NotNull(file);
        AssertNoSecret(credential!.ToString(), result.ToString(), result.Error ?? "", file.ToString(), new TokenResponse(_sentinel, 60).ToString());
    }

    private Dictionary<string, string?> Credentials(string store, string host, string password)
    {
        var auth = Base64($"{User}:{password}");
        var json = "{\"auths\": {\"" + host + "\": {\"auth\": \"" + auth + "\"}}}";
        var environment = new Dictionary<string, string?> { ["HOME"] = _dir.Path };
        if (store == "docker-config")
        {
            _dir.Write("docker/config.json", json);
            environment["DOCKER_CONFIG"] = _dir.Combine("docker");
            environment["REGISTRY_AUTH_FILE"] = _dir.Combine("none.json");
        }
        else
        {
            _dir.Write("containers/auth.json", json);
            environment["REGISTRY_AUTH_FILE"] = _dir.Combine("containers/auth.json");
            environment["DOCKER_CONFIG"] = _dir.Combine("no-docker");
        }
        return environment;
    }

    private void AssertNoSecret(params string[] outputs)
    {
        foreach (var output in outputs)
        {
            foreach (var form in Forms)
            {
                Assert.False(output.Contains(form, StringComparison.Ordinal), $"the password shows (as \"{form}\") in: {output}");
            }
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
