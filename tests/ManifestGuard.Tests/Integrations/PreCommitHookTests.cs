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

    /// <summary>pre-commit's `dotnet pack` at the root restored the tool's packages and none of the tests', benchmarks' or fuzzer's.</summary>
    [Fact]
    public void Installing_the_hook_restores_only_the_tool()
    {
        var restored = Directory.EnumerateDirectories(fixture.NuGetPackages).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("system.commandline", restored);
        Assert.Contains("yamldotnet", restored);
        foreach (var package in new[] { "xunit", "microsoft.net.test.sdk", "snapshooter.xunit", "benchmarkdotnet", "sharpfuzz" })
        {
            Assert.DoesNotContain(package, restored);
        }
    }

    /// <summary>The `manifestguard-system` hook: the manifestguard already on PATH (here, the one pre-commit installed).</summary>
    [Fact]
    public void The_system_hook_runs_an_installed_manifestguard()
    {
        using var repo = fixture.NewConsumer("manifestguard-system");
        repo.Write(".manifestguard.yaml", Policy);
        repo.Write("apps/bad.yaml", Bad);
        PreCommitFixture.Git(repo.Path, "add", ".");

        var result = fixture.PreCommitWithToolOnPath(repo.Path, "run");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("apps/bad.yaml:7:14: error MG102 image-latest-tag", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// The `manifestguard-docker` hook as pre-commit runs it: `docker run ... IMAGE check FILES` in the
    /// repository mounted at /src. No Docker engine runs here, so a `docker` on PATH stands in for it:
    /// it records the image and runs the release binary (the image's entrypoint) in the mounted folder.
    /// What this shows is the hook's image name and arguments; the image itself is built by release.yml.
    /// </summary>
    [Fact]
    [Trait(Requires.Trait, Requires.Release)]
    public void The_docker_hook_runs_the_release_image_on_the_staged_files()
    {
        using var shim = new TempDirectory();
        var binary = ReleaseArtifacts.Shared.ExtractBinary(shim.Combine("image"));
        var log = shim.Combine("docker-runs");
        var docker = shim.Write("bin/docker", $$"""
            #!/bin/bash
            # docker run --rm [-u UID:GID] -v HOST:/src:rw,Z --workdir /src IMAGE ARGS...
            [ "$1" = run ] || { echo "unexpected: docker $*" >&2; exit 99; }
            shift
            while [ $# -gt 0 ]; do
              case "$1" in
                --rm) shift ;;
                -u|--user|--workdir) shift 2 ;;
                -v) mount=${2%%:/src*}; shift 2 ;;
                -*) echo "unexpected option $1" >&2; exit 99 ;;
                *) break ;;
              esac
            done
            echo "$1" >> '{{log}}'
            shift
            cd "$mount" && exec '{{binary}}' "$@"
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(docker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var repo = fixture.NewConsumer("manifestguard-docker");
        repo.Write(".manifestguard.yaml", Policy);
        repo.Write("apps/bad.yaml", Bad);
        PreCommitFixture.Git(repo.Path, "add", ".");

        var result = fixture.PreCommitWithPath(repo.Path, Path.GetDirectoryName(docker)!, "run");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("apps/bad.yaml:7:14: error MG102 image-latest-tag", result.Stdout, StringComparison.Ordinal);
        Assert.Equal($"ghcr.io/manifestguard/manifestguard:{ReleaseArtifacts.DeclaredVersion()}", File.ReadAllText(log).Trim());
    }
}
