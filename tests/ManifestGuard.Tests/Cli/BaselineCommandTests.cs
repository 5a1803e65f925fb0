using System.Text.Json;
using ManifestGuard.Reporting.Sarif;
using ManifestGuard.Tests.Reporting.Sarif;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Cli;

/// <summary>`baseline` and `check --baseline` as a team adopting the tool runs them.</summary>
public sealed class BaselineCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public BaselineCommandTests()
    {
        Directory.CreateDirectory(_dir.Combine(".git"));
        _dir.Write("apps/web.yaml", TestScan.Pod("web", "nginx:1.27"));
        _dir.Write("apps/api.yaml", TestScan.Pod("api", "ghcr.io/acme/api:latest"));
    }

    public void Dispose() => _dir.Dispose();

    private CliRunner.Result Run(params string[] args) => CliRunner.Run(_dir.Path, null, args);

    [Fact]
    public void Known_findings_are_suppressed_by_the_baseline_and_new_ones_fail()
    {
        var written = Run("baseline");
        Assert.Equal(0, written.ExitCode);
        Assert.Contains("Wrote 2 findings to .manifestguard-baseline.json", written.Stderr, StringComparison.Ordinal);

        var clean = Run("check", "--baseline", ".manifestguard-baseline.json", "--fail-on", "warning");
        Assert.Equal(0, clean.ExitCode);
        Assert.Equal("No findings in 2 files checked (2 in the baseline).\n", clean.Stdout);

        // Lines moved above a known finding keep it known; a new image is new.
        _dir.Write("apps/web.yaml", "# moved down\n\n" + TestScan.Pod("web", "nginx:1.27") + "---\n" + TestScan.Pod("admin", "busybox"));
        var changed = Run("check", "--baseline", ".manifestguard-baseline.json");
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("apps/web.yaml:19:14: error MG102", changed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("MG101", changed.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 error, 0 warnings, 0 notes in 1 of 2 files checked (2 in the baseline).", changed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixed_baseline_entries_are_counted_only_for_the_files_checked()
    {
        Assert.Equal(0, Run("baseline", "--output", "known.json").ExitCode);
        _dir.Write("apps/api.yaml", TestScan.Pod("api", "ghcr.io/acme/api:2.0@sha256:" + new string('a', 64)));

        var all = Run("check", "--baseline", "known.json");
        var one = Run("check", "apps/web.yaml", "--baseline", "known.json");
        var json = Run("check", "--baseline", "known.json", "--format", "json");

        Assert.Equal(0, all.ExitCode);
        Assert.EndsWith("No findings in 2 files checked (1 in the baseline).\n1 baselined finding is fixed; run `manifestguard baseline` to shrink it.\n", all.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("fixed", one.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 baselined finding is fixed", json.Stderr, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(json.Stdout);
        var summary = report.RootElement.GetProperty("summary");
        Assert.Equal((0, 1, 1), (summary.GetProperty("suppressed").GetInt32(), summary.GetProperty("baselined").GetInt32(), summary.GetProperty("baselineFixed").GetInt32()));
        var finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("unchanged", finding.GetProperty("baseline").GetString());
        Assert.Equal("baseline", finding.GetProperty("suppression").GetProperty("kind").GetString());
        Assert.Equal("in the baseline known.json", finding.GetProperty("suppression").GetProperty("justification").GetString());
    }

    [Fact]
    public void The_configuration_names_the_baseline_for_both_commands()
    {
        _dir.Write(".manifestguard.yaml", "baseline: ci/known-findings.json\n");
        Directory.CreateDirectory(_dir.Combine("ci"));

        var written = Run("baseline");
        var check = Run("check", "--fail-on", "warning");
        var without = CliRunner.Run(_dir.Path, null, "check", "--config", _dir.Write("other.yaml", "rules: {}\n"), "--fail-on", "warning");

        Assert.Equal(0, written.ExitCode);
        Assert.True(File.Exists(_dir.Combine("ci/known-findings.json")));
        Assert.Contains("`manifestguard check` now fails only on new findings", written.Stderr, StringComparison.Ordinal);
        // The configuration names the baseline and is itself no manifest: two files checked.
        Assert.Equal((0, "No findings in 2 files checked (2 in the baseline).\n"), (check.ExitCode, check.Stdout));
        Assert.Equal(1, without.ExitCode);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.SarifValidator)]
    public void SARIF_marks_known_results_unchanged_and_suppressed_and_new_ones_new_and_passes_the_validator()
    {
        var (validator, problem) = SarifMultitool.Locate();
        Assert.True(validator is not null, problem);
        Assert.Equal(0, Run("baseline").ExitCode);
        _dir.Write("apps/new.yaml", TestScan.Pod("new", "quay.io/acme/new:1.0"));
        Directory.CreateDirectory(_dir.Combine("out"));

        var result = Run("check", "--baseline", ".manifestguard-baseline.json", "--format", "sarif", "--output", _dir.Combine("out/report.sarif"));

        Assert.Equal(0, result.ExitCode);
        var (log, console) = SarifMultitool.Validate(validator, _dir.Combine("out"), "report.sarif", "report.validation.sarif");
        Assert.True(log is not null, $"the validator wrote no result log:\n{console}");
        var errors = SarifMultitool.Errors(log);
        Assert.True(errors.Count == 0, $"the validator reports errors:\n{string.Join('\n', errors)}");
        using var sarif = JsonDocument.Parse(File.ReadAllText(_dir.Combine("out/report.sarif")));
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!);
        Assert.Equal(["apps/api.yaml", "apps/new.yaml", "apps/web.yaml"], results.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("new", results["apps/new.yaml"].GetProperty("baselineState").GetString());
        Assert.False(results["apps/new.yaml"].TryGetProperty("suppressions", out _));
        foreach (var known in new[] { "apps/api.yaml", "apps/web.yaml" })
        {
            Assert.Equal("unchanged", results[known].GetProperty("baselineState").GetString());
            var suppression = Assert.Single(results[known].GetProperty("suppressions").EnumerateArray());
            Assert.Equal("external", suppression.GetProperty("kind").GetString());
            Assert.Equal(SarifFingerprint.Key, results[known].GetProperty("partialFingerprints").EnumerateObject().Single().Name);
        }
    }

    [Theory]
    [InlineData("{\"version\": 1, \"findings\": [\n  {\"ruleId\": 5}\n]}\n", "bad.json:2:15: not a valid baseline file")]
    [InlineData("{\"version\": 1,\n \"findings\": [\n", "bad.json:3:1: not a valid baseline file")]
    [InlineData("{\"version\": 1, \"findings\": [], \"extra\": true}\n", "bad.json:1:")]
    [InlineData("{\"version\": 1, \"findings\": [{\"ruleId\": \"MG101\", \"file\": \"a.yaml\"}]}\n", "bad.json:1:")]
    [InlineData("{\"version\": 7, \"findings\": []}\n", "bad.json: baseline version 7")]
    [InlineData("[]\n", "bad.json:1:2: not a valid baseline file")]
    public void A_bad_baseline_is_exit_2_with_the_file_and_line(string text, string error)
    {
        _dir.Write("bad.json", text);

        var result = Run("check", "apps", "--baseline", "bad.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith($"manifestguard: {error}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_baseline_is_exit_2_and_says_how_to_write_one()
    {
        var result = Run("check", "--baseline", "nope.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("manifestguard: nope.json: no such baseline file; `manifestguard baseline` writes one\n", result.Stderr);
    }
}
