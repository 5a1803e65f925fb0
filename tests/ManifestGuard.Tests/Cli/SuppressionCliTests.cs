using System.Text.Json;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Cli;

/// <summary>Suppressions as a user writes them, through the CLI: only known rules suppress, the rest is MG902.</summary>
public sealed class SuppressionCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations:
            manifestguard.io/ignore: "MG401,typo"
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx:1.27 # manifestguard:ignore MG1O1 vendored
                - name: tools
                  # manifestguard:ignore image-not-pinned rebuilt daily
                  image: busybox:1.36
        """;

    [Fact]
    public void A_mistyped_rule_id_hides_nothing_and_is_reported_where_it_is_written()
    {
        _dir.Write("deploy.yaml", Deployment);

        var result = CliRunner.Run(_dir.Path, null, "check", ".", "--fail-on", "warning");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("deploy.yaml:6:37: warning MG902 invalid-suppression: the suppression annotation names \"typo\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("deploy.yaml:12:52: warning MG902 invalid-suppression: the suppression comment names \"MG1O1\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("did you mean MG101?", result.Stdout, StringComparison.Ordinal);
        // The typo suppresses nothing; the rule name on the tools container suppresses its MG101.
        Assert.Contains("deploy.yaml:12:18: warning MG101 image-not-pinned", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("deploy.yaml:15:", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("0 errors, 3 warnings, 0 notes in 1 of 1 file checked (1 suppressed).\n", result.Stdout, StringComparison.Ordinal);
        // A warning: the default --fail-on (error) passes.
        Assert.Equal(0, CliRunner.Run(_dir.Path, null, "check", ".").ExitCode);
    }

    [Fact]
    public void MG902_is_in_the_catalog_explain_and_the_SARIF_rules()
    {
        _dir.Write("deploy.yaml", Deployment);

        var explain = CliRunner.Run(_dir.Path, null, "explain", "invalid-suppression");
        var rules = CliRunner.Run(_dir.Path, null, "rules");
        var sarif = CliRunner.Run(_dir.Path, null, "check", ".", "--format", "sarif");

        Assert.Equal(0, explain.ExitCode);
        Assert.StartsWith("MG902 invalid-suppression (default level: warning", explain.Stdout, StringComparison.Ordinal);
        Assert.Contains("--", explain.Stdout, StringComparison.Ordinal);
        Assert.Contains("MG902", rules.Stdout, StringComparison.Ordinal);
        using var log = JsonDocument.Parse(sarif.Stdout);
        var run = log.RootElement.GetProperty("runs")[0];
        var descriptors = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var index = descriptors.FindIndex(r => r.GetProperty("id").GetString() == "MG902");
        Assert.True(index >= 0);
        Assert.Equal("warning", descriptors[index].GetProperty("defaultConfiguration").GetProperty("level").GetString());
        var results = run.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("ruleId").GetString() == "MG902").ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(index, r.GetProperty("ruleIndex").GetInt32()));
        Assert.All(results, r => Assert.False(r.TryGetProperty("suppressions", out _)));
    }
}
