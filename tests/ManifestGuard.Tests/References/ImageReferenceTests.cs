using Xunit;
using ManifestGuard.References;

namespace ManifestGuard.Tests.References;

/// <summary>
/// The distribution reference grammar and Docker's normalization (distribution/reference:
/// ParseNormalizedNamed, splitDockerDomain). Each row is checkable against that grammar.
/// </summary>
public sealed class ImageReferenceTests
{
    private const string Sha = "sha256:4032c6d5bfd752342c3e631c2f1de93ba6b86c41db6b167b9a35372c139e7706";

    [Theory]
    // raw, registry, repository, tag, digest
    [InlineData("nginx", "docker.io", "library/nginx", null, null)]
    [InlineData("nginx:1.27", "docker.io", "library/nginx", "1.27", null)]
    [InlineData("library/nginx:1.27", "docker.io", "library/nginx", "1.27", null)]
    [InlineData("bitnami/redis:7.2", "docker.io", "bitnami/redis", "7.2", null)]
    [InlineData("docker.io/nginx", "docker.io", "library/nginx", null, null)]
    [InlineData("index.docker.io/nginx:1", "docker.io", "library/nginx", "1", null)]
    [InlineData("index.docker.io/team/app:1", "docker.io", "team/app", "1", null)]
    [InlineData("localhost/app", "localhost", "app", null, null)]
    [InlineData("localhost:5000/nginx", "localhost:5000", "nginx", null, null)]
    [InlineData("localhost:5000/nginx:1.0", "localhost:5000", "nginx", "1.0", null)]
    [InlineData("127.0.0.1:5000/a/b/c:v1", "127.0.0.1:5000", "a/b/c", "v1", null)]
    [InlineData("[::1]:5000/app:1", "[::1]:5000", "app", "1", null)]
    [InlineData("ghcr.io/acme/web:2.4.1", "ghcr.io", "acme/web", "2.4.1", null)]
    [InlineData("Registry.Example.com/app:1", "Registry.Example.com", "app", "1", null)]
    [InlineData("quay.io/prometheus/node-exporter@" + Sha, "quay.io", "prometheus/node-exporter", null, Sha)]
    [InlineData("quay.io/prometheus/node-exporter:v1.8.2@" + Sha, "quay.io", "prometheus/node-exporter", "v1.8.2", Sha)]
    [InlineData("a.b/c__d/e-f/g.h/i---j:_tag", "a.b", "c__d/e-f/g.h/i---j", "_tag", null)]
    [InlineData("myregistry:5000/app", "myregistry:5000", "app", null, null)]
    [InlineData("localhost:5000", "docker.io", "library/localhost", "5000", null)]
    public void Parses_and_normalizes_valid_references(string raw, string registry, string repository, string? tag, string? digest)
    {
        Assert.True(ImageReference.TryParse(raw, out var reference, out var error), error);
        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest);
        Assert.Equal(raw, reference.Raw);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("nginx:", "invalid tag")]
    [InlineData("nginx:-bad", "invalid tag")]
    [InlineData("nginx:.bad", "invalid tag")]
    [InlineData("ghcr.io/Acme/web:1", "lowercase")]
    [InlineData("Nginx", "lowercase")]
    [InlineData("nginx@sha256:abc", "64 lowercase hexadecimal")]
    [InlineData("nginx@sha256:4032C6D5BFD752342C3E631C2F1DE93BA6B86C41DB6B167B9A35372C139E7706", "64 lowercase hexadecimal")]
    [InlineData("nginx@md5:d41d8cd98f00b204e9800998ecf8427e", "unsupported digest algorithm")]
    [InlineData("nginx@4032c6d5bfd752342c3e631c2f1de93ba6b86c41db6b167b9a35372c139e7706", "algorithm:hex")]
    [InlineData("ghcr.io//web", "empty path component")]
    [InlineData("ghcr.io/web/", "empty path component")]
    [InlineData("ghcr.io/-web", "invalid repository path component")]
    [InlineData("ghcr.io/web_", "invalid repository path component")]
    [InlineData("ghcr.io/we___b", "invalid repository path component")]
    [InlineData("-bad.io/web", "invalid registry host")]
    [InlineData("bad.io:port/web", "invalid registry host")]
    [InlineData("nginx latest", "white space")]
    [InlineData(" nginx", "white space")]
    [InlineData("4032c6d5bfd752342c3e631c2f1de93ba6b86c41db6b167b9a35372c139e7706", "image ID")]
    [InlineData(":1.0", "missing repository")]
    public void Rejects_invalid_references_with_a_reason(string raw, string reason)
    {
        Assert.False(ImageReference.TryParse(raw, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_may_be_128_characters_but_not_129()
    {
        Assert.True(ImageReference.TryParse("app:" + new string('a', 128), out _, out _));
        Assert.False(ImageReference.TryParse("app:" + new string('a', 129), out _, out _));
    }

    [Fact]
    public void A_name_longer_than_255_characters_is_refused_after_normalization()
    {
        var path = string.Join('/', Enumerable.Repeat(new string('a', 50), 5)); // 254 characters
        Assert.True(ImageReference.TryParse("a.io/" + path[..^5], out _, out _));
        Assert.False(ImageReference.TryParse("a.io/" + path, out _, out var error));
        Assert.Contains("255", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nginx", "docker.io/library/nginx")]
    [InlineData("nginx:1.27", "docker.io/library/nginx:1.27")]
    [InlineData("ghcr.io/acme/web:1@" + Sha, "ghcr.io/acme/web:1@" + Sha)]
    public void Normalized_is_fully_qualified(string raw, string normalized) =>
        Assert.Equal(normalized, ImageReference.Parse(raw).Normalized);

    [Theory]
    [InlineData("nginx", null)]
    [InlineData("docker.io/nginx", "docker.io")]
    [InlineData("index.docker.io/nginx", "index.docker.io")]
    [InlineData("myregistry.io:5000/app", "myregistry.io:5000")]
    public void Keeps_the_registry_as_written(string raw, string? written) =>
        Assert.Equal(written, ImageReference.Parse(raw).WrittenRegistry);

    [Theory]
    [InlineData("localhost:5000/app", "localhost", "5000")]
    [InlineData("[::1]:5000/app", "[::1]", "5000")]
    [InlineData("ghcr.io/app", "ghcr.io", null)]
    public void Splits_host_and_port(string raw, string host, string? port)
    {
        var reference = ImageReference.Parse(raw);
        Assert.Equal(host, reference.Host);
        Assert.Equal(port, reference.Port);
    }
}
