using ManifestGuard.Tests.TestSupport;
namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// The Action's install step run once, as the runner runs it: GITHUB_ACTION_PATH is a snapshot of
/// this repository (which `uses: ./` or `uses: owner/manifestguard@v1` checks out), RUNNER_TEMP and
/// GITHUB_PATH are files of a temporary folder. The snapshot is also the workspace the check runs in.
/// </summary>
public sealed class GitHubActionFixture : IDisposable
{
    private readonly TempDirectory _root = new();

    public GitHubActionFixture()
    {
        ActionPath = Path.Combine(_root.Path, "action");
        RepositorySnapshot.Create(ActionPath);
        var runnerTemp = Path.Combine(_root.Path, "runner-temp");
        Directory.CreateDirectory(runnerTemp);
        var githubPath = Path.Combine(_root.Path, "github-path");
        Install = ProcessRunner.Run(ActionPath, "bash", [Path.Combine(ActionPath, "integrations", "github-action", "install.sh")],
            new Dictionary<string, string?>
            {
                ["GITHUB_ACTION_PATH"] = ActionPath,
                ["RUNNER_TEMP"] = runnerTemp,
                ["GITHUB_PATH"] = githubPath,
                ["INPUT_VERSION"] = "",
            },
            TimeSpan.FromMinutes(10));
        ToolDirectory = File.Exists(githubPath) ? File.ReadAllText(githubPath).Trim() : "";
    }

    public string ActionPath { get; }

    public ProcessRunner.Result Install { get; }

    /// <summary>What install.sh appended to GITHUB_PATH.</summary>
    public string ToolDirectory { get; }

    public void Dispose() => _root.Dispose();
}
