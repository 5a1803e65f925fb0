using Xunit;
using ManifestGuard.References;

namespace ManifestGuard.Tests.References;

/// <summary>
/// How a configured registry pattern is read (host, port, path, Docker Hub short names) and the errors a user
/// sees for one that is not a registry pattern.
/// </summary>
public sealed class RegistryPatternMutationTests
{
    [Theory]
    // pattern, host, port, wildcard, path, hub short name
    [InlineData("myregistry.io/", "myregistry.io", null, false, "", null)]
    [InlineData("  myregistry.io/team/  ", "myregistry.io", null, false, "team", null)]
    [InlineData("MyRegistry.IO:5000/team/*", "myregistry.io", "5000", false, "team", null)]
    [InlineData("*.example.com", "example.com", null, true, "", null)]
    [InlineData("localhost", "localhost", null, false, "", null)]
    [InlineData("index.docker.io/bitnami", "docker.io", null, false, "bitnami", null)]
    [InlineData("bitnami", "docker.io", null, false, "bitnami", "bitnami")]
    [InlineData("bitnami/redis", "docker.io", null, false, "bitnami/redis", null)]
    public void Reads_host_port_and_path(string text, string host, string? port, bool wildcard, string path, string? shortName)
    {
        Assert.True(RegistryPattern.TryParse(text, out var pattern, out var error), error);
        Assert.Equal(text, pattern.Text);
        Assert.Equal(text, pattern.ToString());
        Assert.Equal(host, pattern.Host);
        Assert.Equal(port, pattern.Port);
        Assert.Equal(wildcard, pattern.WildcardHost);
        Assert.Equal(path, pattern.Path);
        Assert.Equal(shortName, pattern.HubShortName);
    }

    [Theory]
    [InlineData("", "empty registry pattern")]
    [InlineData(" / ", "empty registry pattern")]
    [InlineData("*.", "invalid registry host \"*.\"")]
    [InlineData("bad..io/app", "invalid registry host \"bad..io\"")]
    [InlineData("Team", "invalid repository path \"Team\": repository name must be lowercase")]
    [InlineData("myregistry.io/Team", "invalid repository path \"Team\": repository name must be lowercase")]
    [InlineData("myregistry.io/Team/app", "invalid repository path \"Team/app\": repository name must be lowercase")]
    [InlineData("myregistry.io/team:1", "invalid repository path \"team:1\"")]
    [InlineData("myregistry.io/team@sha256:4032c6d5bfd752342c3e631c2f1de93ba6b86c41db6b167b9a35372c139e7706",
        "invalid repository path \"team@sha256:4032c6d5bfd752342c3e631c2f1de93ba6b86c41db6b167b9a35372c139e7706\"")]
    public void Refuses_with_a_reason(string text, string error)
    {
        Assert.False(RegistryPattern.TryParse(text, out var pattern, out var actual));
        Assert.Null(pattern);
        Assert.Equal(error, actual);
    }

    [Theory]
    // pattern, image, matches
    [InlineData("localhost", "localhost/app", true)]
    [InlineData("localhost", "localhost:5000/app", false)]
    [InlineData("myregistry.io/team", "myregistry.io/abcd/app", false)]
    [InlineData("myregistry.io/team", "myregistry.io/tea", false)]
    [InlineData("myregistry.io/team/app", "myregistry.io/team/app", true)]
    [InlineData("bitnami/redis", "bitnami/redis:7", true)]
    [InlineData("bitnami/redis", "bitnami/redis-cluster:7", false)]
    [InlineData("bitnami/redis", "ghcr.io/bitnami/redis:7", false)]
    [InlineData("redis", "redis/tools:1", true)]
    [InlineData("redis", "library/redisx", false)]
    [InlineData("*.example.com", "EXAMPLE.com/app", false)]
    [InlineData("*.Example.com", "Registry.EXAMPLE.com/app", true)]
    [InlineData("*.example.com", "nginx", false)]
    public void Matches_whole_components(string text, string image, bool matches)
    {
        Assert.True(RegistryPattern.TryParse(text, out var pattern, out var error), error);
        Assert.Equal(matches, pattern.Matches(ImageReference.Parse(image)));
    }
}
