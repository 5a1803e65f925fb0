using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// The Action's install step building ManifestGuard from its own checkout (`build-from-source: true`): a whole
/// `dotnet pack`, the longest single step of the Action's tests, so it is a class (and an xunit collection) of
/// its own and runs beside <see cref="GitHubActionTests"/> rather than after them.
/// </summary>
[Trait(Requires.Trait, Requires.Git)]
[Trait(Requires.Trait, Requires.Release)]
public sealed class GitHubActionSourceBuildTests(GitHubActionFixture fixture) : IClassFixture<GitHubActionFixture>
{
    [Fact]
    public void Build_from_source_packs_the_action_checkout_only_when_asked()
    {
        var install = fixture.RunInstall(fixture.NewRunner(), "file:///nonexistent", ("INPUT_BUILD_FROM_SOURCE", "true"));
        Assert.True(install.Result.ExitCode == 0, install.ToString());
        Assert.DoesNotContain("Downloading", install.Result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("-source", install.PathEntry, StringComparison.Ordinal);
        var rules = ProcessRunner.Run(fixture.ActionPath, Path.Combine(install.PathEntry, "manifestguard"), ["rules"]);
        Assert.Equal(0, rules.ExitCode);
    }
}
