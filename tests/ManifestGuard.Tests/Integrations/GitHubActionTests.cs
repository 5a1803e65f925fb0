using System.Globalization;
using System.Text.Json;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// The Action's steps (integrations/github-action/*.sh, which action.yml runs) with the variables
/// GitHub sets: GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_BASE_REF, and the
/// inputs as action.yml passes them (INPUT_*).
/// </summary>
[Trait(Requires.Trait, Requires.Git)]
public sealed class GitHubActionTests(GitHubActionFixture fixture) : IClassFixture<GitHubActionFixture>
{
    /// <summary>One run of the check step in a fresh runner folder.</summary>
    private sealed class Step : IDisposable
    {
        private readonly TempDirectory _runner = new();

        public Step(string workspace) => Workspace = workspace;

        public string Workspace { get; }

        public string OutputFile => Path.Combine(_runner.Path, "github-output");

        public string SummaryFile => Path.Combine(_runner.Path, "step-summary.md");

        public string SarifFile => Path.Combine(_runner.Path, "results", "manifestguard.sarif");

        public ProcessRunner.Result Run(GitHubActionFixture fixture, params (string Name, string Value)[] inputs)
        {
            File.WriteAllText(OutputFile, "");
            File.WriteAllText(SummaryFile, "");
            var environment = new Dictionary<string, string?>
            {
                ["GITHUB_ACTIONS"] = "true",
                ["GITHUB_WORKSPACE"] = Workspace,
                ["GITHUB_OUTPUT"] = OutputFile,
                ["GITHUB_STEP_SUMMARY"] = SummaryFile,
                ["GITHUB_SERVER_URL"] = "https://github.com",
                ["GITHUB_REPOSITORY"] = "acme/deploy",
                ["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567",
                ["GITHUB_ACTION_PATH"] = fixture.ActionPath,
                ["PATH"] = fixture.ToolDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
                ["INPUT_SARIF_FILE"] = SarifFile,
            };
            foreach (var (name, value) in inputs)
            {
                environment[name] = value;
            }
            return ProcessRunner.Run(Workspace, "bash", [Path.Combine(fixture.ActionPath, "integrations", "github-action", "run.sh")], environment, TimeSpan.FromMinutes(2));
        }

        public Dictionary<string, string> Outputs() =>
            File.ReadAllLines(OutputFile).Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

        public void Dispose() => _runner.Dispose();
    }

    // ---- Runs in any branch: installing the tool, and input validation before anything is scanned.

    [Fact]
    public void Install_packs_the_action_checkout_and_puts_manifestguard_on_GITHUB_PATH()
    {
        Assert.True(fixture.Install.ExitCode == 0, fixture.Install.ToString());
        var tool = Path.Combine(fixture.ToolDirectory, "manifestguard");
        Assert.True(File.Exists(tool), fixture.Install.ToString());
        var rules = ProcessRunner.Run(fixture.ActionPath, tool, ["rules"]);
        Assert.Equal(0, rules.ExitCode);
        Assert.Contains("MG101", rules.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INPUT_FAIL_ON", "critical", "input fail-on must be")]
    [InlineData("INPUT_ONLINE", "yes", "input online must be true or false")]
    [InlineData("INPUT_FORMAT", "xml", "input format must be")]
    public void A_bad_input_is_an_error_annotation_and_exit_2(string name, string value, string message)
    {
        using var step = new Step(fixture.ActionPath);
        var result = step.Run(fixture, (name, value));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"::error title=ManifestGuard::{message}", result.Stdout, StringComparison.Ordinal);
    }

    // ---- Need the sarif and github report formats (`check --format sarif|github`).

    [Fact]
    public void Checking_the_examples_writes_sarif_outputs_annotations_and_a_summary_and_fails()
    {
        using var step = new Step(fixture.ActionPath);
        var result = step.Run(fixture, ("INPUT_PATHS", "examples"));
        Assert.True(result.ExitCode == 1, result.ToString());

        using var sarif = JsonDocument.Parse(File.ReadAllText(step.SarifFile));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var unsuppressed = results.Count(r => !r.TryGetProperty("suppressions", out var s) || s.GetArrayLength() == 0);
        var expected = ExampleCounts.Read();
        Assert.Equal(expected.Total, unsuppressed);
        Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "MG102"
            && r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!.StartsWith("examples/", StringComparison.Ordinal));

        var outputs = step.Outputs();
        Assert.Equal(step.SarifFile, outputs["sarif-file"]);
        Assert.Equal(expected.Total.ToString(CultureInfo.InvariantCulture), outputs["findings"]);
        Assert.Equal(expected.Errors.ToString(CultureInfo.InvariantCulture), outputs["errors"]);
        Assert.Equal(expected.Warnings.ToString(CultureInfo.InvariantCulture), outputs["warnings"]);
        Assert.Equal("1", outputs["exit-code"]);

        // Annotations for the diff, and the text report for the log.
        Assert.Contains("::error file=examples/", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("::warning file=examples/", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{expected.Errors} errors, {expected.Warnings} warnings, 0 notes in ", result.Stdout, StringComparison.Ordinal);

        var summary = File.ReadAllText(step.SummaryFile);
        Assert.StartsWith("## ManifestGuard\n", summary, StringComparison.Ordinal);
        Assert.Contains($"**{expected.Total} findings** ({expected.Errors} errors, {expected.Warnings} warnings, 0 notes): failed with fail-on `error`.", summary, StringComparison.Ordinal);
        Assert.Contains("| Level | Rule | Location | Message |", summary, StringComparison.Ordinal);
        Assert.Contains("| error | MG102 | [`examples/", summary, StringComparison.Ordinal);
        Assert.Contains("](https://github.com/acme/deploy/blob/0123456789abcdef0123456789abcdef01234567/examples/", summary, StringComparison.Ordinal);
        Assert.Equal(expected.Total, summary.Split('\n').Count(line => line.StartsWith("| error |", StringComparison.Ordinal) || line.StartsWith("| warning |", StringComparison.Ordinal)));
    }

    [Fact]
    public void Fail_on_none_passes_and_still_counts_the_findings()
    {
        using var step = new Step(fixture.ActionPath);
        var result = step.Run(fixture, ("INPUT_PATHS", "examples"), ("INPUT_FAIL_ON", "none"), ("INPUT_ANNOTATIONS", "false"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(ExampleCounts.Read().Total.ToString(CultureInfo.InvariantCulture), step.Outputs()["findings"]);
        Assert.DoesNotContain("::error file=", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("passed with fail-on `none`", File.ReadAllText(step.SummaryFile), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_changed_checks_the_manifests_a_pull_request_changes()
    {
        // A pull request checkout: the merge of the PR branch into main, whose first parent is main.
        using var repo = new TempDirectory();
        PreCommitFixture.Git(repo.Path, "init", "-q", "-b", "main");
        repo.Write("apps/old.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: old}\nspec:\n  containers:\n    - {name: a, image: nginx:latest}\n");
        PreCommitFixture.Git(repo.Path, "add", ".");
        PreCommitFixture.Git(repo.Path, "commit", "-q", "-m", "base");
        PreCommitFixture.Git(repo.Path, "checkout", "-q", "-b", "feature");
        repo.Write("apps/new.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: new}\nspec:\n  containers:\n    - {name: a, image: busybox:1.36}\n");
        PreCommitFixture.Git(repo.Path, "add", ".");
        PreCommitFixture.Git(repo.Path, "commit", "-q", "-m", "add a pod");
        PreCommitFixture.Git(repo.Path, "checkout", "-q", "main");
        PreCommitFixture.Git(repo.Path, "merge", "-q", "--no-ff", "-m", "merge feature", "feature");

        using var step = new Step(repo.Path);
        var result = step.Run(fixture, ("INPUT_ONLY_CHANGED", "true"), ("GITHUB_BASE_REF", "main"), ("INPUT_FAIL_ON", "warning"));
        Assert.True(result.ExitCode == 1, result.ToString());
        var outputs = step.Outputs();
        Assert.Equal("1", outputs["findings"]); // MG101 for busybox:1.36; old.yaml's latest tag is not this PR's
        Assert.Contains("apps/new.yaml", File.ReadAllText(step.SummaryFile), StringComparison.Ordinal);
        Assert.DoesNotContain("apps/old.yaml", File.ReadAllText(step.SarifFile), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_changed_with_no_manifest_changed_passes_with_an_empty_sarif()
    {
        using var repo = new TempDirectory();
        PreCommitFixture.Git(repo.Path, "init", "-q", "-b", "main");
        repo.Write("README.md", "docs\n");
        PreCommitFixture.Git(repo.Path, "add", ".");
        PreCommitFixture.Git(repo.Path, "commit", "-q", "-m", "base");
        repo.Write("README.md", "more docs\n");
        PreCommitFixture.Git(repo.Path, "commit", "-q", "-am", "docs");

        using var step = new Step(repo.Path);
        var result = step.Run(fixture, ("INPUT_ONLY_CHANGED", "true"), ("GITHUB_BASE_REF", "main"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("0", step.Outputs()["findings"]);
        using var sarif = JsonDocument.Parse(File.ReadAllText(step.SarifFile));
        Assert.Equal(0, sarif.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
    }
}

/// <summary>The example repository's counts as the CLI's own JSON report gives them, for the Action to agree with.</summary>
internal sealed record ExampleCounts(int Errors, int Warnings)
{
    public int Total => Errors + Warnings;

    public static ExampleCounts Read()
    {
        var result = ManifestGuard.Tests.Cli.CliRunner.Run(RepositoryRoot.Path, null, "check", "examples", "--format", "json", "--fail-on", "none");
        using var json = JsonDocument.Parse(result.Stdout);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(0, summary.GetProperty("note").GetInt32());
        return new ExampleCounts(summary.GetProperty("error").GetInt32(), summary.GetProperty("warning").GetInt32());
    }
}
