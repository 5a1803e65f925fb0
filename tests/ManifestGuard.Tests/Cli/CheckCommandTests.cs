using Snapshooter.Xunit;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Cli;

/// <summary>The `check` command end to end: the example repository, exit codes, stdin, configuration errors.</summary>
public sealed class CheckCommandTests
{
    [Fact]
    [Trait(Requires.Trait, Requires.Kubectl)]
    [Trait(Requires.Trait, Requires.Helm)]
    public void Example_repository_text_report_matches_the_snapshot()
    {
        var result = CliRunner.Run(RepositoryRoot.Path, null, "check", "examples");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Snapshot.Match(result.Stdout);
    }

    [Fact]
    public void Example_repository_fires_every_rule_it_can_offline()
    {
        var result = CliRunner.Run(RepositoryRoot.Path, null, "check", "examples", "--format", "text");
        foreach (var rule in new[] { "MG101", "MG102", "MG103", "MG201", "MG202", "MG301", "MG302", "MG303", "MG304", "MG401", "MG901" })
        {
            Assert.Contains($" {rule} ", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("error", 1)]
    [InlineData("none", 0)]
    public void Fail_on_sets_the_threshold(string failOn, int exitCode) =>
        Assert.Equal(exitCode, CliRunner.Run(RepositoryRoot.Path, null, "check", "examples", "--fail-on", failOn).ExitCode);

    [Fact]
    public void Renderers_are_looked_up_in_the_run_s_PATH_not_the_test_process_s()
    {
        using var dir = new TempDirectory();
        using var emptyPath = new TempDirectory();
        dir.Write("app/kustomization.yaml", "resources:\n  - pod.yaml\n");
        dir.Write("app/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            + "    - {name: a, image: nginx:1.27}\n");
        dir.Write("chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        dir.Write("chart/values.yaml", "image: nginx:1.27\n");

        var result = CliRunner.Run(
            dir.Path, null, new Dictionary<string, string?> { ["PATH"] = emptyPath.Path }, "check", ".");

        Assert.Contains("neither `kustomize` nor `kubectl` is on PATH", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("`helm` is not on PATH", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_fail_on_level_is_a_usage_error_that_lists_the_levels()
    {
        var result = CliRunner.Run(RepositoryRoot.Path, null, "check", "examples", "--fail-on", "fatal");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--fail-on is \"fatal\"; use one of error, warning, note, none", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_fail_only_when_fail_on_is_warning()
    {
        using var dir = new TempDirectory();
        dir.Write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27\n");
        Assert.Equal(0, CliRunner.Run(dir.Path, null, "check", ".").ExitCode);
        var strict = CliRunner.Run(dir.Path, null, "check", ".", "--fail-on", "warning");
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("pod.yaml:7:14: warning MG101", strict.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configuration_in_force_is_neither_scanned_nor_counted_as_a_manifest()
    {
        using var dir = new TempDirectory();
        dir.Write(".manifestguard.yaml", "disallowedTags: [latest]\n");
        dir.Write("apps/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27\n");

        var text = CliRunner.Run(dir.Path, null, "check", ".");
        var named = CliRunner.Run(dir.Path, null, "check", ".manifestguard.yaml", "apps");
        var sarif = CliRunner.Run(dir.Path, null, "check", ".", "--format", "sarif");

        Assert.Equal((0, ""), (text.ExitCode, text.Stderr));
        Assert.EndsWith("in 1 of 1 file checked.\n", text.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("in 1 of 1 file checked.\n", named.Stdout, StringComparison.Ordinal);
        using var log = System.Text.Json.JsonDocument.Parse(sarif.Stdout);
        var artifacts = log.RootElement.GetProperty("runs")[0].GetProperty("artifacts").EnumerateArray()
            .Select(artifact => artifact.GetProperty("location").GetProperty("uri").GetString())
            .ToList();
        Assert.Equal(["apps/pod.yaml"], artifacts);
    }

    [Fact]
    public void Reads_a_manifest_stream_from_stdin()
    {
        const string Manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:latest\n";
        var result = CliRunner.Run(RepositoryRoot.Path, Manifest, "check", "-", "--config", RepositoryRoot.Combine("examples", ".manifestguard.yaml"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("<stdin>:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_configuration_is_exit_2_with_file_line_and_key()
    {
        using var dir = new TempDirectory();
        dir.Write(".manifestguard.yaml", "registries:\n  alowed: [ghcr.io]\n");
        dir.Write("pod.yaml", "apiVersion: v1\nkind: Pod\n");
        var result = CliRunner.Run(dir.Path, null, "check", ".");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(".manifestguard.yaml:2:3: unknown key \"registries.alowed\"", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_path_is_a_usage_error()
    {
        var result = CliRunner.Run(RepositoryRoot.Path, null, "check", "no-such-folder");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-folder", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "--format", "xml")]
    [InlineData("check", "--no-such-option")]
    [InlineData("frobnicate")]
    public void Usage_errors_are_exit_2(params string[] args) =>
        Assert.Equal(2, CliRunner.Run(RepositoryRoot.Path, null, args).ExitCode);

    [Fact]
    public void Exit_codes_reach_the_shell_through_the_real_binary()
    {
        using var dir = new TempDirectory();
        dir.Write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:latest\n");
        Assert.Equal(1, CliRunner.RunProcess(dir.Path, null, "check", ".").ExitCode);
        Assert.Equal(0, CliRunner.RunProcess(dir.Path, null, "check", ".", "--fail-on", "none").ExitCode);
        var usage = CliRunner.RunProcess(dir.Path, null, "check", ".", "--fail-on", "fatal");
        Assert.Equal(2, usage.ExitCode);
        Assert.DoesNotContain("   at ", usage.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(true, "1", false)]
    [InlineData(false, null, false)]
    public void Colour_only_on_a_terminal_without_NO_COLOR(bool isTerminal, string? noColor, bool coloured)
    {
        using var dir = new TempDirectory();
        dir.Write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:latest\n");
        using var input = new MemoryStream();
        using var output = new MemoryStream();
        using var error = new StringWriter();
        using (var console = new ManifestGuard.Cli.CliConsole(input, output, error, dir.Path, name => name == "NO_COLOR" ? noColor : null) { IsTerminal = isTerminal })
        {
            Assert.Equal(1, ManifestGuard.Cli.CliApplication.Run(["check", "."], console));
        }
        var report = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("MG102", report, StringComparison.Ordinal);
        Assert.Equal(coloured, report.Contains('\u001b', StringComparison.Ordinal));
    }

    [Fact]
    public void Output_file_receives_the_report_and_stderr_the_summary()
    {
        using var dir = new TempDirectory();
        var output = System.IO.Path.Combine(dir.Path, "out", "report.txt");
        var result = CliRunner.Run(RepositoryRoot.Path, null, "check", "examples", "--output", output);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("MG102", File.ReadAllText(output), StringComparison.Ordinal);
        Assert.Contains("Report written to", result.Stderr, StringComparison.Ordinal);
    }
}
