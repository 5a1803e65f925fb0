using Xunit;
using ManifestGuard.References;

namespace ManifestGuard.Tests.References;

/// <summary>
/// Registry patterns match whole host names and whole path components of the normalized reference,
/// so the prefix bypasses peers fall for do not work here.
/// </summary>
public sealed class RegistryPatternTests
{
    [Theory]
    // pattern, image, matches
    [InlineData("myregistry.io", "myregistry.io/team/app:1", true)]
    [InlineData("myregistry.io", "myregistry.io.evil.com/team/app:1", false)]
    [InlineData("myregistry.io", "evilmyregistry.io/app:1", false)]
    [InlineData("myregistry.io", "myregistry.io:5000/app:1", false)]
    [InlineData("myregistry.io:5000", "myregistry.io:5000/app:1", true)]
    [InlineData("myregistry.io:5000", "myregistry.io/app:1", false)]
    [InlineData("myregistry.io/team", "myregistry.io/team/app:1", true)]
    [InlineData("myregistry.io/team", "myregistry.io/team:1", true)]
    [InlineData("myregistry.io/team", "myregistry.io/teamevil/app:1", false)]
    [InlineData("myregistry.io/team/*", "myregistry.io/team/app:1", true)]
    [InlineData("mycompany", "mycompany/app:1", true)]
    [InlineData("mycompany", "mycompanyevil/app:1", false)]
    [InlineData("nginx", "nginx:1.27", true)]
    [InlineData("nginx", "docker.io/library/nginx:1.27", true)]
    [InlineData("nginx", "nginx-unofficial:1", false)]
    [InlineData("docker.io", "nginx", true)]
    [InlineData("docker.io", "bitnami/redis", true)]
    [InlineData("index.docker.io", "nginx", true)]
    [InlineData("docker.io/library", "nginx", true)]
    [InlineData("docker.io/library", "bitnami/redis", false)]
    [InlineData("docker.io/bitnami", "bitnami/redis:7", true)]
    [InlineData("*.example.com", "registry.example.com/app", true)]
    [InlineData("*.example.com", "a.b.example.com/app", true)]
    [InlineData("*.example.com", "registry.example.com:5000/app", true)]
    [InlineData("*.example.com", "example.com/app", false)]
    [InlineData("*.example.com", "registry.example.com.evil.io/app", false)]
    [InlineData("*.example.com", "registryexample.com/app", false)]
    [InlineData("localhost:5000", "localhost:5000/app", true)]
    [InlineData("Registry.Example.COM", "registry.example.com/app", true)]
    public void Matches_whole_hosts_and_path_components(string pattern, string image, bool matches)
    {
        Assert.True(RegistryPattern.TryParse(pattern, out var parsed, out var error), error);
        Assert.Equal(matches, parsed.Matches(ImageReference.Parse(image)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Team")]
    [InlineData("bad..io/app")]
    [InlineData("*.")]
    [InlineData("myregistry.io/Team")]
    public void Rejects_patterns_that_are_not_references(string pattern) =>
        Assert.False(RegistryPattern.TryParse(pattern, out _, out _));
}
