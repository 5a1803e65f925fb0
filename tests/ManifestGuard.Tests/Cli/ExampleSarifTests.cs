using System.Text.Json;
using ManifestGuard.Tests.Reporting.Sarif;
using Snapshooter.Xunit;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Cli;

/// <summary>The SARIF of the example repository: valid per Microsoft's validator, and stable.</summary>
public sealed class ExampleSarifTests
{
    [Fact]
    [Trait(Requires.Trait, Requires.SarifValidator)]
    public void Example_repository_sarif_passes_the_validator_and_matches_the_snapshot()
    {
        var (executable, problem) = SarifMultitool.Locate();
        Assert.True(executable is not null, problem);

        using var dir = new TempDirectory();
        var result = CliRunner.Run(RepositoryRoot.Path, null, "check", "examples", "--format", "sarif", "--output", Path.Combine(dir.Path, "examples.sarif"));
        Assert.Equal(1, result.ExitCode);
        var sarif = File.ReadAllText(Path.Combine(dir.Path, "examples.sarif"));

        var (resultLog, console) = SarifMultitool.Validate(executable, dir.Path, "examples.sarif", "validation.sarif");
        Assert.True(resultLog is not null, console);
        var errors = SarifMultitool.Errors(resultLog);
        Assert.True(errors.Count == 0, string.Join('\n', errors));

        // The scan root is the one machine-specific part of the log.
        var rootUri = new Uri(RepositoryRoot.Path + Path.DirectorySeparatorChar).AbsoluteUri;
        Snapshot.Match(sarif.Replace(rootUri, "file:///REPOSITORY/", StringComparison.Ordinal));
    }

    [Fact]
    public void Results_point_at_the_image_scalar_with_relative_uris()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "web.sarif");
        CliRunner.Run(RepositoryRoot.Path, null, "check", "examples/apps/web", "--format", "sarif", "--output", output);
        using var log = JsonDocument.Parse(File.ReadAllText(output));
        var results = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var latest = results.Single(r => r.GetProperty("ruleId").GetString() == "MG102");
        var location = latest.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("examples/apps/web/deployment.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        var region = location.GetProperty("region");
        Assert.Equal(20, region.GetProperty("startLine").GetInt32());
        Assert.Equal(18, region.GetProperty("startColumn").GetInt32());
        Assert.Equal(20, region.GetProperty("endLine").GetInt32());
        Assert.Equal(30, region.GetProperty("endColumn").GetInt32());
        Assert.True(latest.GetProperty("partialFingerprints").TryGetProperty("manifestguard/v1", out _));
    }
}
