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
[Trait(Requires.Trait, Requires.Release)]
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

        /// <summary>One line per `manifestguard` the step ran (a wrapper in front of the installed binary counts them).</summary>
        public string[] Invocations => File.Exists(InvocationLog) ? File.ReadAllLines(InvocationLog) : [];

        private string InvocationLog => Path.Combine(_runner.Path, "invocations");

        public ProcessRunner.Result Run(GitHubActionFixture fixture, params (string Name, string Value)[] inputs)
        {
            File.WriteAllText(OutputFile, "");
            File.WriteAllText(SummaryFile, "");
            var wrapper = _runner.Write("bin/manifestguard-counted",
                $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{InvocationLog}'\nexec '{Path.Combine(fixture.ToolDirectory, "manifestguard")}' \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
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
                ["MANIFESTGUARD"] = wrapper,
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

    // ---- The install steps: the release binary, checked against SHA256SUMS, cached; a source build on request.

    [Fact]
    [Trait(Requires.Trait, Requires.Curl)]
    public void Install_downloads_the_release_checks_it_and_puts_manifestguard_on_GITHUB_PATH()
    {
        Assert.True(fixture.Install.Result.ExitCode == 0, fixture.Install.ToString());
        Assert.Contains($"/v{fixture.Release.Version}/manifestguard-{fixture.Release.Version}-linux-x64.tar.gz", fixture.Install.Result.Stdout, StringComparison.Ordinal);
        // No version input: the version this checkout of the Action declares.
        Assert.Equal(fixture.Release.Version, fixture.Install.ResolveOutputs["version"]);
        Assert.Equal("linux-x64", fixture.Install.ResolveOutputs["rid"]);
        Assert.Equal(fixture.Install.ResolveOutputs["dir"], fixture.ToolDirectory);
        var tool = Path.Combine(fixture.ToolDirectory, "manifestguard");
        Assert.Equal(fixture.Release.Version, ProcessRunner.Run(fixture.ActionPath, tool, ["--version"]).Stdout.Trim());
        var rules = ProcessRunner.Run(fixture.ActionPath, tool, ["rules"]);
        Assert.Equal(0, rules.ExitCode);
        Assert.Contains("MG101", rules.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Curl)]
    public void A_binary_the_cache_restored_is_used_without_downloading()
    {
        var runner = fixture.NewRunner();
        var first = fixture.RunInstall(runner, new Uri(fixture.Release.NewReleasesFolder()).AbsoluteUri);
        Assert.True(first.Result.ExitCode == 0, first.ToString());
        // The cache restored the folder; the release is no longer reachable.
        var nowhere = new Uri(Path.Combine(runner, "no-releases-here")).AbsoluteUri;
        var second = fixture.RunInstall(runner, nowhere);
        Assert.True(second.Result.ExitCode == 0, second.ToString());
        Assert.Contains($"manifestguard {fixture.Release.Version} restored from the cache", second.Result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Downloading", second.Result.Stdout, StringComparison.Ordinal);
        Assert.Equal(first.PathEntry, second.PathEntry);
    }

    public static TheoryData<string, string> Tampering => new()
    {
        { "sums", "checksum mismatch for manifestguard-" },
        { "archive", "checksum mismatch for manifestguard-" },
        { "unlisted", "lists no manifestguard-" },
    };

    [Theory]
    [Trait(Requires.Trait, Requires.Curl)]
    [MemberData(nameof(Tampering))]
    public void An_archive_that_does_not_match_SHA256SUMS_is_refused_and_nothing_is_installed(string tamper, string message)
    {
        var archiveName = Path.GetFileName(fixture.Release.Archive);
        var releases = fixture.Release.NewReleasesFolder(release =>
        {
            var sums = Path.Combine(release, "SHA256SUMS");
            var archive = Path.Combine(release, archiveName);
            switch (tamper)
            {
                case "sums":
                    // The right file name with another file's hash.
                    File.WriteAllText(sums, string.Concat(File.ReadAllLines(sums).Select(line =>
                        (line.EndsWith(archiveName, StringComparison.Ordinal) ? new string('0', 64) + line[64..] : line) + "\n")));
                    break;
                case "archive":
                    File.AppendAllText(archive, "appended by someone else");
                    break;
                default:
                    File.WriteAllLines(sums, File.ReadAllLines(sums).Where(line => !line.EndsWith(archiveName, StringComparison.Ordinal)));
                    break;
            }
        });
        var runner = fixture.NewRunner();
        var install = fixture.RunInstall(runner, new Uri(releases).AbsoluteUri);
        Assert.True(install.Result.ExitCode == 1, install.ToString());
        Assert.Contains($"::error title=ManifestGuard install::", install.Result.Stdout, StringComparison.Ordinal);
        Assert.Contains(message, install.Result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", install.PathEntry);
        Assert.False(File.Exists(Path.Combine(install.ResolveOutputs["dir"], "manifestguard")), "a refused binary was installed");
    }

    [Theory]
    [InlineData("v0.4.2", "0.4.2")]
    [InlineData("0.5.0-rc.1", "0.5.0-rc.1")]
    public void The_version_input_names_the_release_with_or_without_v(string input, string version)
    {
        var install = fixture.RunInstall(fixture.NewRunner(), "file:///nonexistent", ("INPUT_VERSION", input));
        Assert.Equal(version, install.ResolveOutputs["version"]);
        // No such release in that folder: a clear error, not a half install.
        Assert.Equal(1, install.Result.ExitCode);
        Assert.Contains($"could not download release {version}", install.Result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_input_that_is_not_a_version_is_exit_2()
    {
        var install = fixture.RunInstall(fixture.NewRunner(), "file:///nonexistent", ("INPUT_VERSION", "latest; rm -rf /"));
        Assert.Equal(2, install.Result.ExitCode);
        Assert.Contains("input version must be a release such as 0.1.0", install.Result.Stdout, StringComparison.Ordinal);
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
    [Trait(Requires.Trait, Requires.Curl)]
    [Trait(Requires.Trait, Requires.Jq)]
    public void One_check_of_the_examples_writes_sarif_outputs_annotations_and_a_summary_and_fails()
    {
        using var step = new Step(fixture.ActionPath);
        var result = step.Run(fixture, ("INPUT_PATHS", "examples"));
        Assert.True(result.ExitCode == 1, result.ToString());
        var check = Assert.Single(step.Invocations);
        Assert.StartsWith("check examples ", check, StringComparison.Ordinal);

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
        Assert.Equal("0", outputs["notes"]);
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
    [Trait(Requires.Trait, Requires.Curl)]
    [Trait(Requires.Trait, Requires.Jq)]
    public void With_a_report_file_in_another_format_it_is_still_one_scan_writing_every_report()
    {
        using var repo = new TempDirectory();
        var report = Path.Combine(repo.Path, "out", "report.json");
        repo.Write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: nginx:latest}\n");
        using var step = new Step(repo.Path);
        var result = step.Run(fixture, ("INPUT_FORMAT", "json"), ("INPUT_OUTPUT_FILE", report), ("INPUT_FAIL_ON", "none"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(step.Invocations);
        Assert.Contains("::error file=pod.yaml,line=6", result.Stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("error").GetInt32());
        using var sarif = JsonDocument.Parse(File.ReadAllText(step.SarifFile));
        Assert.Contains(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray(), r => r.GetProperty("ruleId").GetString() == "MG102");
        Assert.Contains("| error | MG102 |", File.ReadAllText(step.SummaryFile), StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Curl)]
    [Trait(Requires.Trait, Requires.Jq)]
    public void Every_output_action_yml_declares_is_written_and_every_one_written_is_declared()
    {
        var actionYml = File.ReadAllText(RepositoryRoot.Combine("action.yml"));
        var declared = System.Text.RegularExpressions.Regex.Matches(actionYml, @"steps\.check\.outputs\.([a-z-]+)")
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        using var step = new Step(fixture.ActionPath);
        step.Run(fixture, ("INPUT_PATHS", "examples"), ("INPUT_FAIL_ON", "none"));
        Assert.Equal(declared.Order(StringComparer.Ordinal), step.Outputs().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_action_a_workflow_or_the_action_uses_is_pinned_to_a_commit_with_its_version_beside_it()
    {
        var files = Directory.EnumerateFiles(RepositoryRoot.Combine(".github", "workflows"), "*.yml").Append(RepositoryRoot.Combine("action.yml")).ToList();
        var uses = files.SelectMany(file => File.ReadAllLines(file).Select(line => (File: Path.GetFileName(file), Line: line.Trim())))
            .Where(l => l.Line.StartsWith("uses:", StringComparison.Ordinal) || l.Line.StartsWith("- uses:", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(uses);
        foreach (var (file, line) in uses)
        {
            if (line.EndsWith("uses: ./", StringComparison.Ordinal))
            {
                continue;
            }
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(line, @"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$"), $"{file}: {line}");
        }
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Curl)]
    [Trait(Requires.Trait, Requires.Jq)]
    public void Only_changed_without_the_base_commit_checks_everything_with_a_notice()
    {
        // A shallow checkout whose origin is gone: git can neither see nor fetch the base commit.
        using var origin = new TempDirectory();
        PreCommitFixture.Git(origin.Path, "init", "-q", "-b", "main");
        CommitPod(origin, "old", "nginx:latest");
        CommitPod(origin, "new", "busybox:1.36");
        using var clone = new TempDirectory();
        var checkout = Path.Combine(clone.Path, "checkout");
        PreCommitFixture.Git(clone.Path, "clone", "-q", "--depth", "1", new Uri(origin.Path).AbsoluteUri, checkout);
        PreCommitFixture.Git(checkout, "remote", "set-url", "origin", new Uri(Path.Combine(clone.Path, "gone")).AbsoluteUri);

        using var step = new Step(checkout);
        var result = step.Run(fixture, ("INPUT_ONLY_CHANGED", "true"), ("GITHUB_BASE_REF", "main"), ("INPUT_FAIL_ON", "warning"));
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("::notice title=ManifestGuard::only-changed needs the pull request's base commit", result.Stdout, StringComparison.Ordinal);
        // Both pods: the full check.
        Assert.Contains("apps/old.yaml", File.ReadAllText(step.SarifFile), StringComparison.Ordinal);
        Assert.Contains("apps/new.yaml", File.ReadAllText(step.SarifFile), StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Curl)]
    [Trait(Requires.Trait, Requires.Jq)]
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
    [Trait(Requires.Trait, Requires.Curl)]
    [Trait(Requires.Trait, Requires.Jq)]
    public void Only_changed_checks_the_manifests_a_pull_request_changes()
    {
        // A pull request checkout: the merge of the PR branch into main, whose first parent is main.
        using var repo = new TempDirectory();
        PreCommitFixture.Git(repo.Path, "init", "-q", "-b", "main");
        CommitPod(repo, "old", "nginx:latest");
        PreCommitFixture.Git(repo.Path, "checkout", "-q", "-b", "feature");
        CommitPod(repo, "new", "busybox:1.36");
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

    /// <summary>Commits apps/NAME.yaml, a pod running IMAGE.</summary>
    private static void CommitPod(TempDirectory repo, string name, string image)
    {
        repo.Write($"apps/{name}.yaml", $"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers:\n    - {{name: a, image: {image}}}\n");
        PreCommitFixture.Git(repo.Path, "add", ".");
        PreCommitFixture.Git(repo.Path, "commit", "-q", "-m", $"add the pod {name}");
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
