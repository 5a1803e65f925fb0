using Xunit;
using ManifestGuard.References;

namespace ManifestGuard.Tests.References;

/// <summary>
/// Edges of the distribution reference grammar the table in <see cref="ImageReferenceTests"/> does not reach:
/// each row is a reference a user can write, with the verdict distribution/reference gives it.
/// </summary>
public sealed class ImageReferenceMutationTests
{
    private const string Hex64 = "4032c6d5bfd752342c3e631c2f1de93ba6b86c41db6b167b9a35372c139e7706";

    [Theory]
    // raw, registry, repository, tag
    [InlineData("nginx:1-alpine", "docker.io", "library/nginx", "1-alpine")]
    [InlineData("nginx:Z9", "docker.io", "library/nginx", "Z9")]
    [InlineData("my-registry.io/app", "my-registry.io", "app", null)]
    [InlineData("Registry/app:1", "Registry", "app", "1")]
    [InlineData("localhost/team/app", "localhost", "team/app", null)]
    [InlineData("ghcr.io/" + Hex64, "ghcr.io", Hex64, null)]
    [InlineData("4032c6d5bfd752342c3e631c2f1de93ba6b86c41db6b167b9a35372c139e770", "docker.io", "library/4032c6d5bfd752342c3e631c2f1de93ba6b86c41db6b167b9a35372c139e770", null)]
    [InlineData("gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg", "docker.io", "library/gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg", null)]
    [InlineData("team/z09a", "docker.io", "team/z09a", null)]
    [InlineData("team/a_b", "docker.io", "team/a_b", null)]
    [InlineData("cafe", "docker.io", "library/cafe", null)]
    public void Parses_edges_of_the_grammar(string raw, string registry, string repository, string? tag)
    {
        Assert.True(ImageReference.TryParse(raw, out var reference, out var error), error);
        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Null(reference.Digest);
    }

    [Theory]
    [InlineData("sha384", 96)]
    [InlineData("sha512", 128)]
    public void Accepts_the_longer_digests_at_their_exact_length(string algorithm, int length)
    {
        var digest = algorithm + ":" + new string('a', length);
        var reference = ImageReference.Parse("app@" + digest);
        Assert.Equal(digest, reference.Digest);
        Assert.True(reference.IsPinned);
        Assert.False(ImageReference.TryParse("app@" + algorithm + ":" + new string('a', length - 1), out _, out var error));
        Assert.Equal($"invalid {algorithm} digest: expected {length} lowercase hexadecimal digits", error);
    }

    [Theory]
    [InlineData("@sha256:" + Hex64, "missing repository name")]
    [InlineData("nginx@:" + Hex64, "invalid digest \":" + Hex64 + "\": expected algorithm:hex, e.g. sha256:<64 hex digits>")]
    [InlineData("nginx@sha256:" + "g032c6d5bfd752342c3e631c2f1de93ba6b86c41db6b167b9a35372c139e7706", "invalid sha256 digest: expected 64 lowercase hexadecimal digits")]
    [InlineData("nginx@sha1:abc", "unsupported digest algorithm \"sha1\"")]
    [InlineData("nginx:1+2", "invalid tag \"1+2\": a tag is up to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`")]
    [InlineData("nginx\u0001", "image reference contains white space or control characters")]
    [InlineData("bad.io:/web", "invalid registry host \"bad.io:\"")]
    [InlineData("bad-.io/web", "invalid registry host \"bad-.io\"")]
    [InlineData("ba_d.io/web", "invalid registry host \"ba_d.io\"")]
    [InlineData("[]:5000/web", "invalid registry host \"[]:5000\"")]
    [InlineData("[::1]x:5000/web", "invalid registry host \"[::1]x:5000\"")]
    [InlineData("[::g]:5000/web", "invalid registry host \"[::g]:5000\"")]
    [InlineData(":5000/web", "invalid registry host \":5000\"")]
    [InlineData("bad.io:5a/web", "invalid registry host \"bad.io:5a\"")]
    [InlineData("[ABC/web", "invalid registry host \"[ABC\"")]
    [InlineData("ghcr.io/we+b", "invalid repository path component \"we+b\"")]
    [InlineData("ghcr.io/web.", "invalid repository path component \"web.\"")]
    [InlineData("ghcr.io/web-", "invalid repository path component \"web-\"")]
    [InlineData("ghcr.io/Web", "repository name must be lowercase")]
    [InlineData("ghcr.io/a//b", "empty path component in repository name")]
    [InlineData(Hex64, "a 64-character hexadecimal string is an image ID, not a repository name")]
    [InlineData("", "empty image reference")]
    public void Rejects_with_the_whole_reason(string raw, string error)
    {
        Assert.False(ImageReference.TryParse(raw, out var reference, out var actual));
        Assert.Null(reference);
        Assert.Equal(error, actual);
    }

    [Fact]
    public void Parse_throws_a_format_exception_carrying_the_reason()
    {
        var exception = Assert.Throws<FormatException>(() => ImageReference.Parse("nginx:"));
        Assert.StartsWith("invalid tag \"\"", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_of_exactly_255_characters_is_accepted()
    {
        var path = new string('a', 255 - "a.io/".Length);
        Assert.True(ImageReference.TryParse("a.io/" + path, out var reference, out var error), error);
        Assert.Equal(255, reference.Name.Length);
        Assert.False(ImageReference.TryParse("a.io/" + path + "a", out _, out error));
        Assert.Equal("repository name is longer than 255 characters", error);
    }

    [Fact]
    public void A_one_component_hub_name_counts_its_library_prefix_in_the_limit()
    {
        // docker.io/library/ is 18 characters: 237 more make 255.
        Assert.True(ImageReference.TryParse(new string('a', 237), out _, out _));
        Assert.False(ImageReference.TryParse(new string('a', 238), out _, out _));
    }

    [Fact]
    public void Writes_itself_as_written_and_names_itself_normalized()
    {
        var reference = ImageReference.Parse("index.docker.io/nginx:1.27");
        Assert.Equal("index.docker.io/nginx:1.27", reference.ToString());
        Assert.Equal("docker.io/library/nginx", reference.Name);
        Assert.Equal("docker.io/library/nginx:1.27", reference.Normalized);
        Assert.Equal("docker.io", reference.Host);
        Assert.Null(reference.Port);
        Assert.False(reference.IsPinned);
        Assert.Equal("docker.io/library/nginx@sha256:" + Hex64, ImageReference.Parse("nginx@sha256:" + Hex64).Normalized);
    }

    [Theory]
    [InlineData("[::1]", "[::1]", null)]
    [InlineData("[::1]:5000", "[::1]", "5000")]
    [InlineData("[::1:5000", "[", ":1:5000")]
    [InlineData("host:", "host", "")]
    [InlineData(":5000", "", "5000")]
    public void Splits_host_and_port_after_a_bracketed_address(string registry, string host, string? port) =>
        Assert.Equal((host, port), ImageReference.SplitHostPort(registry));
}
