using ManifestGuard.Registry;
using Xunit;

namespace ManifestGuard.Tests.Registry;

/// <summary>Docker's rule for plain HTTP (https://docs.docker.com/reference/cli/dockerd/#insecure-registries): loopback and what the user lists.</summary>
public class RegistryEndpointTests
{
    [Theory]
    [InlineData("docker.io", "https://registry-1.docker.io/")]
    [InlineData("ghcr.io", "https://ghcr.io/")]
    [InlineData("registry.example.com:5000", "https://registry.example.com:5000/")]
    [InlineData("localhost:5000", "http://localhost:5000/")]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("127.3.4.5", "http://127.3.4.5/")]
    [InlineData("[::1]:5000", "http://[::1]:5000/")]
    [InlineData("insecure.example.com", "http://insecure.example.com/")]
    [InlineData("128.0.0.1", "https://128.0.0.1/")]
    [InlineData("localhost.example.com", "https://localhost.example.com/")]
    public void Chooses_TLS_except_for_loopback_and_listed_insecure_hosts(string registry, string expected)
    {
        var options = new RegistryClientOptions { InsecureRegistries = new HashSet<string> { "insecure.example.com" } };

        var endpoint = RegistryEndpoint.For(registry, options, out var error);

        Assert.Null(error);
        Assert.Equal(new Uri(expected), endpoint.BaseUri);
    }

    [Fact]
    public void Refuses_an_override_to_plain_HTTP_on_a_remote_host()
    {
        var options = new RegistryClientOptions { EndpointOverrides = new Dictionary<string, Uri> { ["docker.io"] = new("http://mirror.example.com") } };

        RegistryEndpoint.For("docker.io", options, out var error);

        Assert.Contains("plain HTTP", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Builds_manifest_URLs_under_v2()
    {
        var endpoint = RegistryEndpoint.For("docker.io", new RegistryClientOptions(), out _);

        Assert.Equal(new Uri("https://registry-1.docker.io/v2/library/nginx/manifests/1.25"), endpoint.ManifestUri("library/nginx", "1.25"));
    }
}
