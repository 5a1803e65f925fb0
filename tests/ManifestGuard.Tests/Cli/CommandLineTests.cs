using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Cli;

/// <summary>
/// What the command line says back: unknown options are usage errors with a suggestion, summaries
/// count the files checked, and `images` reports the files it could not read as `check` does.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private const string Clean = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
    private const string Latest = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:latest\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("check", "--foramt", "--format")]
    [InlineData("check", "--ouptut", "--output")]
    [InlineData("images", "--formt", "--format")]
    [InlineData("pin", "--dryrun", "--dry-run")]
    [InlineData("check", "--fail-no", "--fail-on")]
    public void An_unknown_option_is_a_usage_error_with_a_suggestion_never_a_path(string command, string typo, string meant)
    {
        _dir.Write("pod.yaml", Latest);

        var result = CliRunner.Run(_dir.Path, null, command, typo, "json", ".");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"unknown option {typo}; did you mean {meant}?", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("no such file", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void An_option_like_nothing_known_is_a_usage_error_without_a_guess()
    {
        var result = CliRunner.Run(_dir.Path, null, "check", "--zzzzzzzz");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown option --zzzzzzzz", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Stdin_and_a_file_whose_name_starts_with_a_dash_are_still_paths()
    {
        _dir.Write("-odd.yaml", Latest);

        var result = CliRunner.Run(_dir.Path, Clean, "check", "-", "./-odd.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("-odd.yaml:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(" in 1 of 2 files checked.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clean_folder_says_how_many_files_were_checked()
    {
        _dir.Write("a.yaml", Clean);
        _dir.Write("b.yaml", Clean);
        _dir.Write("sub/c.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\"}}");

        var result = CliRunner.Run(_dir.Path, null, "check", ".");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("No findings in 3 files checked.\n", result.Stdout);
    }

    [Fact]
    public void An_empty_folder_says_no_file_was_checked()
    {
        Directory.CreateDirectory(_dir.Combine("empty"));
        _dir.Write("empty/README.md", "no manifests here");

        var result = CliRunner.Run(_dir.Path, null, "check", "empty");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("No findings: 0 files checked", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_are_counted_in_files_with_findings_of_files_checked()
    {
        _dir.Write("a.yaml", Clean);
        _dir.Write("b.yaml", Latest);
        _dir.Write("c.yaml", Clean);

        var result = CliRunner.Run(_dir.Path, null, "check", ".", "--output", "report.txt");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^1 error, \d+ warnings?, 0 notes in 1 of 3 files checked\. Report written to report\.txt\.\n$", result.Stderr);
        Assert.Contains(" in 1 of 3 files checked.", File.ReadAllText(_dir.Combine("report.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void Images_reports_unreadable_oversized_and_broken_files_as_check_does_and_exits_1()
    {
        // The configuration file is the tool's own, not a manifest: three files checked.
        _dir.Write(".manifestguard.yaml", "maxFileSize: 400\n");
        _dir.Write("good.yaml", Latest);
        _dir.Write("big.yaml", Latest + "# " + new string('x', 500) + "\n");
        _dir.Write("broken.yaml", "apiVersion: v1\nkind: Pod\nspec: [unclosed\n");

        var images = CliRunner.Run(_dir.Path, null, "images", ".");
        var check = CliRunner.Run(_dir.Path, null, "check", ".");

        Assert.Equal(1, images.ExitCode);
        Assert.Contains("good.yaml:7:14", images.Stdout, StringComparison.Ordinal);
        foreach (var line in check.Stdout.Split('\n').Where(l => l.Contains("MG901", StringComparison.Ordinal)))
        {
            Assert.Contains(line, images.Stderr, StringComparison.Ordinal);
        }
        Assert.Contains("big.yaml:1:1: error MG901 manifest-parse-error: file is larger than maxFileSize", images.Stderr, StringComparison.Ordinal);
        Assert.Contains("broken.yaml:", images.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 image reference in 3 files checked, 2 files not read or parsed.", images.Stderr, StringComparison.Ordinal);
    }
}
