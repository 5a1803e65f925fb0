using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// The files scripts/build-release.sh makes (and the release workflow publishes), used as README's
/// install lines use them: the archive checked with `sha256sum -c` and unpacked, the tool package
/// installed with `dotnet tool install` from a folder that is the only package source.
/// </summary>
[Trait(Requires.Trait, Requires.Release)]
public sealed class ReleaseArtifactTests
{
    private readonly ReleaseArtifacts _release = ReleaseArtifacts.Shared;

    [Fact]
    public void SHA256SUMS_lists_the_archive_and_the_package_and_they_match()
    {
        var sums = File.ReadAllLines(Path.Combine(_release.Folder, "SHA256SUMS"));
        Assert.Contains(sums, line => line.EndsWith($"  manifestguard-{_release.Version}-linux-x64.tar.gz", StringComparison.Ordinal));
        Assert.Contains(sums, line => line.EndsWith($"  ManifestGuard.Tool.{_release.Version}.nupkg", StringComparison.Ordinal));
        var check = ProcessRunner.Run(_release.Folder, "sha256sum", ["-c", "SHA256SUMS"]);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public void The_archive_holds_the_native_binary_which_prints_its_version_and_checks()
    {
        using var dir = new TempDirectory();
        ProcessRunner.Check(dir.Path, "tar", "-xzf", _release.Archive);
        Assert.Equal(["README.md", "manifestguard"], Directory.EnumerateFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var binary = Path.Combine(dir.Path, "manifestguard");
        Assert.Equal(_release.Version, ProcessRunner.Run(dir.Path, binary, ["--version"]).Stdout.Trim());
        var check = ProcessRunner.Run(RepositoryRoot.Path, binary, ["check", "examples", "--format", "json"]);
        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Contains("\"MG102\"", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tool_package_installs_from_a_folder_and_prints_its_version()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("nuget.config", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n");
        var install = ProcessRunner.Run(dir.Path, "dotnet",
            ["tool", "install", "ManifestGuard.Tool", "--version", _release.Version, "--configfile", config, "--add-source", _release.Folder, "--tool-path", dir.Combine("tools")],
            timeout: TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Equal(_release.Version, ProcessRunner.Run(dir.Path, dir.Combine("tools/manifestguard"), ["--version"]).Stdout.Trim());
    }
}
