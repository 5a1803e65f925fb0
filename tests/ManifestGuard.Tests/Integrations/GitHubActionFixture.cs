using ManifestGuard.Tests.TestSupport;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// The Action's install steps run as action.yml runs them (`install.sh resolve`, then `install.sh`),
/// with the runner's variables: GITHUB_ACTION_PATH is a snapshot of this repository (which `uses: ./`
/// or `uses: owner/manifestguard@v0` checks out), RUNNER_TOOL_CACHE, RUNNER_TEMP and GITHUB_PATH are
/// in a temporary folder, and the release is downloaded from locally built artifacts (file://).
/// The snapshot is also the workspace the check step runs in.
/// </summary>
public sealed class GitHubActionFixture : IDisposable
{
    private readonly TempDirectory _root = new();

    // Installed from the release when a test first asks: the build-from-source test does not.
    private readonly Lazy<InstallRun> _install;

    public GitHubActionFixture()
    {
        Release = ReleaseArtifacts.Shared;
        ActionPath = Path.Combine(_root.Path, "action");
        RepositorySnapshot.Create(ActionPath);
        _install = new(() => RunInstall(NewRunner(), new Uri(Release.NewReleasesFolder()).AbsoluteUri));
    }

    public ReleaseArtifacts Release { get; }

    public string ActionPath { get; }

    public InstallRun Install => _install.Value;

    /// <summary>What install.sh appended to GITHUB_PATH.</summary>
    public string ToolDirectory => Install.PathEntry;

    /// <summary>A fresh runner: its own tool cache and temp folder.</summary>
    public string NewRunner()
    {
        var runner = Path.Combine(_root.Path, $"runner-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(runner, "tool-cache"));
        Directory.CreateDirectory(Path.Combine(runner, "temp"));
        return runner;
    }

    /// <summary>The resolve and install steps on a runner folder, with the given inputs.</summary>
    public InstallRun RunInstall(string runner, string releaseUrl, params (string Name, string Value)[] inputs)
    {
        var outputFile = Path.Combine(runner, "github-output");
        var pathFile = Path.Combine(runner, "github-path");
        File.WriteAllText(outputFile, "");
        File.WriteAllText(pathFile, "");
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTION_PATH"] = ActionPath,
            ["RUNNER_OS"] = "Linux",
            ["RUNNER_ARCH"] = "X64",
            ["RUNNER_TOOL_CACHE"] = Path.Combine(runner, "tool-cache"),
            ["RUNNER_TEMP"] = Path.Combine(runner, "temp"),
            ["GITHUB_OUTPUT"] = outputFile,
            ["GITHUB_PATH"] = pathFile,
            ["INPUT_RELEASE_URL"] = releaseUrl,
        };
        foreach (var (name, value) in inputs)
        {
            environment[name] = value;
        }
        var script = Path.Combine(ActionPath, "integrations", "github-action", "install.sh");
        var resolve = ProcessRunner.Run(ActionPath, "bash", [script, "resolve"], environment);
        var outputs = File.ReadAllLines(outputFile).Select(line => line.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (resolve.ExitCode != 0)
        {
            return new InstallRun(resolve, outputs, "");
        }
        environment["INSTALL_DIR"] = outputs["dir"];
        var install = ProcessRunner.Run(ActionPath, "bash", [script], environment, TimeSpan.FromMinutes(10));
        return new InstallRun(install, outputs, File.ReadAllText(pathFile).Trim());
    }

    public void Dispose() => _root.Dispose();
}

/// <summary>One run of the install steps: the install step's result, the resolve step's outputs, and the GITHUB_PATH entry.</summary>
public sealed record InstallRun(ProcessRunner.Result Result, IReadOnlyDictionary<string, string> ResolveOutputs, string PathEntry)
{
    public override string ToString() => Result.ToString();
}
