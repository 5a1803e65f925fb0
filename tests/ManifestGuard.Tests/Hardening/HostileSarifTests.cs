using System.Text.Json;
using ManifestGuard.Reporting.Sarif;
using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.Reporting.Sarif;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Hardening;

/// <summary>
/// SARIF written from hostile input (control characters and bidirectional overrides in image names,
/// very long values, file names with spaces, non-ASCII, `#`, `%`, `?`, a newline, a leading `..`)
/// passes Microsoft's validator, and no location escapes the scan root. Our choice for a file outside
/// the root, named on the command line by its absolute path: an absolute `file:` URI without
/// `uriBaseId`; every URI relative to the root stays under it (no `..` segment, no leading `/`).
/// </summary>
public sealed class HostileSarifTests : IDisposable
{
    private static readonly string[] OddNames =
    [
        "with space.yaml",
        "ünïcödé-名前.yaml",
        "hash#fragment.yaml",
        "percent%41.yaml",
        "question?.yaml",
        "new\nline.yaml",
        "..leading-dots.yaml",
        "a b/c#d/e%f.yaml",
    ];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    [Trait(Requires.Trait, Requires.SarifValidator)]
    public void Hostile_names_and_messages_give_valid_SARIF_whose_paths_stay_in_the_root()
    {
        var (validator, problem) = SarifMultitool.Locate();
        Assert.True(validator is not null, problem);
        Directory.CreateDirectory(_dir.Combine("repo/.git"));
        foreach (var name in OddNames)
        {
            _dir.Write("repo/" + name, TestScan.Pod("nginx:latest"));
        }
        _dir.Write("repo/hostile-images.yaml", HostileImages());
        var outside = _dir.Write("elsewhere/outside.yaml", TestScan.Pod("busybox:latest"));
        Directory.CreateDirectory(_dir.Combine("out"));

        var result = CliRunner.Run(_dir.Combine("repo"), null, "check", ".", outside, "--format", "sarif", "--output", _dir.Combine("out/report.sarif"));

        Assert.True(result.ExitCode == 1, result.Stderr);
        var (log, console) = SarifMultitool.Validate(validator, _dir.Combine("out"), "report.sarif", "report.validation.sarif");
        Assert.True(log is not null, $"the validator wrote no result log:\n{console}");
        var errors = SarifMultitool.Errors(log);
        Assert.True(errors.Count == 0, $"the validator reports errors:\n{string.Join('\n', errors)}");

        using var sarif = JsonDocument.Parse(File.ReadAllText(_dir.Combine("out/report.sarif")));
        var run = sarif.RootElement.GetProperty("runs")[0];
        var root = new Uri(run.GetProperty("originalUriBaseIds").GetProperty(SarifReportWriter.SourceRootBaseId).GetProperty("uri").GetString()!);
        var locations = run.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation"))
            .Concat(run.GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("location")))
            .ToList();
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var location in locations)
        {
            var uri = location.GetProperty("uri").GetString()!;
            if (location.TryGetProperty("uriBaseId", out var baseId))
            {
                Assert.Equal(SarifReportWriter.SourceRootBaseId, baseId.GetString());
                Assert.False(uri.StartsWith('/') || uri.Split('/').Contains(".."), $"{uri} climbs out of the root");
                var resolved = new Uri(root, uri);
                Assert.StartsWith(root.AbsoluteUri, resolved.AbsoluteUri, StringComparison.Ordinal);
                files.Add(Uri.UnescapeDataString(uri));
            }
            else
            {
                Assert.Equal(new Uri(outside).AbsoluteUri, new Uri(uri).AbsoluteUri);
                files.Add(new Uri(uri).LocalPath);
            }
        }
        // Every odd name comes back exactly, through its percent-encoding.
        Assert.Superset(new HashSet<string>([.. OddNames, "hostile-images.yaml", outside], StringComparer.Ordinal), files);
        Assert.Equal(OddNames.Length + 2, files.Count);

        var messages = run.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("message").GetProperty("text").GetString()!).ToList();
        Assert.All(messages, m => Assert.True(m.Length < 2_000, $"a {m.Length}-character message"));
        Assert.All(messages, m => Assert.DoesNotContain(m, c => char.IsControl(c) || c is '\u202E' or '\u2066'));
        Assert.Contains(messages, m => m.Contains("\\u001B[31m", StringComparison.Ordinal));
    }

    /// <summary>References a registry would never hold but a pull request can write: escapes, bidi overrides, 100,000 characters.</summary>
    private static string HostileImages() =>
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: hostile\nspec:\n  containers:\n" +
        "    - name: escape\n      image: \"nginx\\e[31m:1\\0\\b\\x7f\"\n" +
        "    - name: bidi\n      image: \"evil.example.com/\\u202Egnp.exe:1\\u2066\"\n" +
        "    - name: long\n      image: \"" + new string('a', 100_000) + ":1\"\n" +
        "    - name: newline\n      image: \"nginx\\n:1\\r\\u2028\"\n";

    [Fact]
    public void A_file_inside_the_root_whose_name_starts_with_two_dots_keeps_a_relative_path()
    {
        Directory.CreateDirectory(_dir.Combine("repo/.git"));
        _dir.Write("repo/..data.yaml", TestScan.Pod("nginx:latest"));

        var result = CliRunner.Run(_dir.Combine("repo"), null, "check", ".");

        Assert.Contains("..data.yaml:8:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(_dir.Path, result.Stdout, StringComparison.Ordinal);
    }
}
