using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// The `manifestguard-pin` hook, which runs only in pre-commit's manual stage (it asks registries and
/// rewrites files). No registry is involved: one case has nothing to pin, the other names a registry
/// on a loopback port where nothing listens, which pin must treat as a resolve failure (exit 3,
/// nothing written).
/// </summary>
[Trait(Requires.Trait, Requires.PreCommit)]
[Trait(Requires.Trait, Requires.Git)]
[Collection(PreCommitPinTests.Name)]
public sealed class PreCommitPinHookTests(PreCommitFixture fixture)
{
    /// <summary>A registry on a loopback port where nothing listens.</summary>
    private const string Unreachable = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: web\n      image: localhost:1/acme/web:1.0\n";

    [Fact]
    public void Pin_hook_passes_when_every_image_is_already_pinned()
    {
        using var repo = fixture.NewConsumer("manifestguard-pin");
        const string Pinned = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27.3@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a\n";
        repo.Write("pod.yaml", Pinned);
        PreCommitFixture.Git(repo.Path, "add", ".");

        var result = fixture.PreCommit(repo.Path, "run", "--hook-stage", "manual");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("manifestguard pin", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Passed", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(Pinned, File.ReadAllText(Path.Combine(repo.Path, "pod.yaml")));
    }

    [Fact]
    public void Pin_hook_fails_and_writes_nothing_when_a_tag_cannot_be_resolved()
    {
        using var repo = fixture.NewConsumer("manifestguard-pin");
        repo.Write("pod.yaml", Unreachable);
        PreCommitFixture.Git(repo.Path, "add", ".");

        var result = fixture.PreCommit(repo.Path, "run", "--hook-stage", "manual");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("exit code: 3", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("localhost:1", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(Unreachable, File.ReadAllText(Path.Combine(repo.Path, "pod.yaml")));
    }

    [Fact]
    public void A_commit_does_not_run_the_pin_hook()
    {
        using var repo = fixture.NewConsumer("manifestguard-pin");
        repo.Write("pod.yaml", Unreachable);
        PreCommitFixture.Git(repo.Path, "add", ".");

        var result = fixture.PreCommit(repo.Path, "run");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("manifestguard pin", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(Unreachable, File.ReadAllText(Path.Combine(repo.Path, "pod.yaml")));
    }
}
