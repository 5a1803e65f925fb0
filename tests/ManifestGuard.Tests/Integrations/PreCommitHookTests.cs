using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// The `manifestguard` hook of .pre-commit-hooks.yaml, run by Debian's real pre-commit on staged
/// files of a temporary git repository, configured as README's "pre-commit" section shows.
/// </summary>
[Trait(Requires.Trait, Requires.PreCommit)]
[Trait(Requires.Trait, Requires.Git)]
[Collection(PreCommitTests.Name)]
public sealed class PreCommitHookTests(PreCommitFixture fixture)
{
    private const string Policy = "registries:\n  allowed: [nginx]\n";

    private const string Good = """
        apiVersion: v1
        kind: Pod
        metadata: {name: good}
        spec:
          containers:
            - name: web
              image: nginx:1.27.3@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a

        """;

    private const string Bad = """
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          containers:
            - name: web
              image: nginx:latest

        """;

    [Fact]
    public void A_staged_manifest_with_an_error_fails_the_hook_and_points_at_the_line()
    {
        using var repo = fixture.NewConsumer("manifestguard");
        repo.Write(".manifestguard.yaml", Policy);
        repo.Write("apps/good.yaml", Good);
        repo.Write("apps/bad.yaml", Bad);
        PreCommitFixture.Git(repo.Path, "add", ".");

        var result = fixture.PreCommit(repo.Path, "run");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("manifestguard check", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Failed", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("apps/bad.yaml:7:14: error MG102 image-latest-tag", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("apps/good.yaml:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_what_is_staged_is_read()
    {
        using var repo = fixture.NewConsumer("manifestguard");
        repo.Write(".manifestguard.yaml", Policy);
        repo.Write("apps/pod.yaml", Good);
        PreCommitFixture.Git(repo.Path, "add", ".");
        // After staging: a bad edit left unstaged, and a bad file never added.
        repo.Write("apps/pod.yaml", Bad);
        repo.Write("apps/untracked.yaml", Bad);

        var result = fixture.PreCommit(repo.Path, "run");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Passed", result.Stdout, StringComparison.Ordinal);
        // pre-commit put the unstaged edit back.
        Assert.Equal(Bad, File.ReadAllText(Path.Combine(repo.Path, "apps", "pod.yaml")));
    }

    [Fact]
    public void Files_that_are_not_yaml_or_json_do_not_run_the_hook()
    {
        using var repo = fixture.NewConsumer("manifestguard");
        repo.Write("notes.txt", "image: nginx:latest\n");
        PreCommitFixture.Git(repo.Path, "add", ".");

        var result = fixture.PreCommit(repo.Path, "run");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("(no files to check)Skipped", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Installed_as_a_git_hook_it_stops_the_commit()
    {
        using var repo = fixture.NewConsumer("manifestguard");
        Assert.Equal(0, fixture.PreCommit(repo.Path, "install").ExitCode);
        var head = PreCommitFixture.Git(repo.Path, "rev-parse", "HEAD");
        repo.Write(".manifestguard.yaml", Policy);
        repo.Write("deploy/bad.json", """{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad"}, "spec": {"containers": [{"name": "web", "image": "quay.io/acme/web:1.0"}]}}""" + "\n");
        PreCommitFixture.Git(repo.Path, "add", ".");

        var commit = fixture.GitWithHooks(repo.Path, "commit", "-m", "add a pod");
        Assert.True(commit.ExitCode != 0, commit.ToString());
        Assert.Contains("error MG201 registry-not-allowed", commit.Output, StringComparison.Ordinal);
        Assert.Equal(head, PreCommitFixture.Git(repo.Path, "rev-parse", "HEAD"));

        repo.Write("deploy/bad.json", """{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "ok"}, "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}""" + "\n");
        PreCommitFixture.Git(repo.Path, "add", ".");
        var fixedCommit = fixture.GitWithHooks(repo.Path, "commit", "-m", "add a pod");
        Assert.True(fixedCommit.ExitCode == 0, fixedCommit.ToString());
    }

    /// <summary>README's `language: system` variant, for a manifestguard already installed on PATH.</summary>
    [Fact]
    public void The_system_variant_runs_an_installed_manifestguard()
    {
        using var repo = new TempDirectory();
        PreCommitFixture.Git(repo.Path, "init", "-q");
        repo.Write(".pre-commit-config.yaml", """
            repos:
              - repo: local
                hooks:
                  - id: manifestguard
                    name: manifestguard check
                    entry: manifestguard check
                    language: system
                    types_or: [yaml, json]
                    require_serial: true
            """);
        repo.Write(".manifestguard.yaml", Policy);
        repo.Write("apps/bad.yaml", Bad);
        PreCommitFixture.Git(repo.Path, "add", ".");

        var result = fixture.PreCommitWithToolOnPath(repo.Path, "run");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("apps/bad.yaml:7:14: error MG102 image-latest-tag", result.Stdout, StringComparison.Ordinal);
    }
}
