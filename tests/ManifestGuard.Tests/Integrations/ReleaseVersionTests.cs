using ManifestGuard.Tests.Cli;
using Xunit;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// One version everywhere a user meets it: Directory.Build.props declares it, `--version` prints it, and
/// the artifacts the install instructions name (the images of the pre-commit docker hook and the Argo CD
/// patch, the Action's release, the tool) carry it; the release workflow refuses a tag that says otherwise.
/// </summary>
public sealed class ReleaseVersionTests
{
    private static readonly string Version = ReleaseArtifacts.DeclaredVersion();

    [Fact]
    public void Version_prints_the_declared_version_alone()
    {
        // The real binary: in process, the entry assembly would be the test host.
        var result = CliRunner.RunProcess(RepositoryRoot.Path, null, "--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Version, result.Stdout.Trim());
    }

    [Fact]
    public void The_docker_hook_and_the_argo_cd_patch_name_the_images_the_release_workflow_publishes()
    {
        Assert.Contains($"entry: ghcr.io/manifestguard/manifestguard:{Version} check", File.ReadAllText(RepositoryRoot.Combine(".pre-commit-hooks.yaml")), StringComparison.Ordinal);
        Assert.Contains($"image: ghcr.io/manifestguard/manifestguard-argocd-cmp:{Version}", File.ReadAllText(RepositoryRoot.Combine("integrations", "argocd", "repo-server-patch.yaml")), StringComparison.Ordinal);
        var release = File.ReadAllText(RepositoryRoot.Combine(".github", "workflows", "release.yml"));
        Assert.Contains("{ target: manifestguard, image: manifestguard }", release, StringComparison.Ordinal);
        Assert.Contains("{ target: argocd-cmp, image: manifestguard-argocd-cmp }", release, StringComparison.Ordinal);
        Assert.Contains("ghcr.io/${GITHUB_REPOSITORY_OWNER,,}/${{ matrix.image }}", release, StringComparison.Ordinal);
        Assert.Contains("platforms: linux/amd64,linux/arm64", release, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_install_lines_point_at_release_artifacts_of_this_version()
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        string[] lines =
        [
            $"uses: manifestguard/manifestguard@v{Version.Split('.')[0]}",
            $"rev: v{Version}",
            "- id: manifestguard-system",
            "- id: manifestguard-docker",
            $"ghcr.io/manifestguard/manifestguard:{Version}",
            $"ghcr.io/manifestguard/manifestguard-argocd-cmp:{Version}",
            $"dotnet tool install --global ManifestGuard.Tool --version {Version}",
            $"releases/download/v{Version}/manifestguard-{Version}-linux-x64.tar.gz",
            "github/codeql-action/upload-sarif@",
        ];
        Assert.All(lines, line => Assert.Contains(line, readme, StringComparison.Ordinal));
        Assert.DoesNotContain("upload-sarif@v3", readme, StringComparison.Ordinal);
    }
}
