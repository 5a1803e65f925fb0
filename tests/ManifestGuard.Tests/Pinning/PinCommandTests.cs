using System.Text;
using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.Registry;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Pinning;

/// <summary>`manifestguard pin` end to end against a real registry: exact bytes, all-or-nothing, dry run.</summary>
[Trait(Requires.Trait, Requires.Registry)]
[Collection(RegistryGroup.Name)]
public sealed class PinCommandTests(RegistryFixture registry) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Pins_every_tag_in_place_and_touches_no_other_byte()
    {
        var single = await registry.RawDigestAsync(registry.Open, "app/single:1");
        var multi = await registry.RawDigestAsync(registry.Open, "app/multi:1");
        var list = await registry.RawDigestAsync(registry.Open, "app/dockerlist:1");
        var r = registry.Open;
        var deployment =
            "# keep this comment\n" +
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n" +
            $"      initContainers:\n        - {{name: init, image: {r}/app/dockerlist:1}}\n" +
            $"      containers:\n        - name: a\n          image: {r}/app/single:1   # trailing comment\n" +
            $"        - name: b\n          image: \"{r}/app/multi:1\"\n" +
            $"        - name: c\n          image: '{r}/app/single:1@{multi}'\n";
        var expected = deployment
            .Replace($"{r}/app/dockerlist:1}}", $"{r}/app/dockerlist:1@{list}}}", StringComparison.Ordinal)
            .Replace($"{r}/app/single:1   #", $"{r}/app/single:1@{single}   #", StringComparison.Ordinal)
            .Replace($"\"{r}/app/multi:1\"", $"\"{r}/app/multi:1@{multi}\"", StringComparison.Ordinal);
        var crlf = "\uFEFFapiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - name: a\r\n      image: " + r + "/app/multi:1\r\n";
        var kustomization = $"resources: [deployment.yaml]\nimages:\n  - name: web\n    newName: {r}/app/single\n    newTag: \"1\"\n";
        _dir.Write("deployment.yaml", deployment);
        _dir.Write("kustomization.yaml", kustomization);
        await File.WriteAllBytesAsync(_dir.Combine("pod.yaml"), Encoding.UTF8.GetBytes(crlf));

        var result = CliRunner.Run(_dir.Path, null, "pin", ".");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(expected, File.ReadAllText(_dir.Combine("deployment.yaml")));
        Assert.Equal(
            Encoding.UTF8.GetBytes(crlf.Replace("/app/multi:1\r\n", $"/app/multi:1@{multi}\r\n", StringComparison.Ordinal)),
            await File.ReadAllBytesAsync(_dir.Combine("pod.yaml")));
        // The kustomization renders deployment.yaml; its entry names no image there, so nothing it sets is pinned.
        Assert.Equal(kustomization, File.ReadAllText(_dir.Combine("kustomization.yaml")));
        Assert.Contains("pinned 4 reference(s) in 2 file(s)", result.Stderr, StringComparison.Ordinal);

        // A second run finds nothing left to pin and changes nothing.
        var before = Directory.GetFiles(_dir.Path).ToDictionary(f => f, File.ReadAllBytes);
        var again = CliRunner.Run(_dir.Path, null, "pin", ".");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("pinned 0 reference(s)", again.Stderr, StringComparison.Ordinal);
        Assert.All(before, file => Assert.Equal(file.Value, File.ReadAllBytes(file.Key)));
    }

    [Fact]
    public void Writes_nothing_when_any_reference_fails_and_exits_3()
    {
        var good = $"apiVersion: v1\nkind: Pod\nmetadata: {{name: good}}\nspec:\n  containers:\n    - {{name: a, image: {registry.Open}/app/single:1}}\n";
        var bad = $"apiVersion: v1\nkind: Pod\nmetadata: {{name: bad}}\nspec:\n  containers:\n    - name: a\n      image: {registry.Open}/app/single:no-such-tag\n";
        _dir.Write("a-good.yaml", good);
        _dir.Write("b-bad.yaml", bad);

        var result = CliRunner.Run(_dir.Path, null, "pin", ".");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"b-bad.yaml:7:14: {registry.Open}/app/single:no-such-tag", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("app/single:no-such-tag", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(good, File.ReadAllText(_dir.Combine("a-good.yaml")));
        Assert.Equal(bad, File.ReadAllText(_dir.Combine("b-bad.yaml")));
    }

    [Fact]
    public async Task Dry_run_with_diff_prints_a_unified_diff_and_writes_nothing()
    {
        var digest = await registry.RawDigestAsync(registry.Open, "app/single:1");
        var pod = $"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n    - name: a\n      image: {registry.Open}/app/single:1\n";
        _dir.Write("pod.yaml", pod);

        var result = CliRunner.Run(_dir.Path, null, "pin", ".", "--dry-run", "--diff");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(pod, File.ReadAllText(_dir.Combine("pod.yaml")));
        Assert.Contains("--- a/pod.yaml", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("+++ b/pod.yaml", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"-      image: {registry.Open}/app/single:1\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"+      image: {registry.Open}/app/single:1@{digest}\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("would pin 1 reference(s)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaves_references_whose_MG101_is_suppressed()
    {
        var pod = $"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n    - name: a\n      image: {registry.Open}/app/single:1  # manifestguard:ignore MG101 tracks the tag on purpose\n";
        _dir.Write("pod.yaml", pod);

        var result = CliRunner.Run(_dir.Path, null, "pin", ".");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(pod, File.ReadAllText(_dir.Combine("pod.yaml")));
    }

    [Fact]
    public async Task Pins_helm_values_blocks_when_configured()
    {
        var digest = await registry.RawDigestAsync(registry.Open, "app/multi:1");
        _dir.Write(".manifestguard.yaml", "pin:\n  helmValues: [\"charts/*/values.yaml\"]\n");
        var values = $"replicaCount: 2\nimage:\n  registry: {registry.Open}\n  repository: app/multi\n  tag: \"1\"\nservice:\n  port: 80\n";
        _dir.Write("charts/web/values.yaml", values);
        _dir.Write("other/values.yaml", values);

        var result = CliRunner.Run(_dir.Path, null, "pin", ".");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(values.Replace("  tag: \"1\"\n", $"  tag: \"1\"\n  digest: {digest}\n", StringComparison.Ordinal), File.ReadAllText(_dir.Combine("charts/web/values.yaml")));
        Assert.Equal(values, File.ReadAllText(_dir.Combine("other/values.yaml")));
    }

    [Fact]
    public async Task Pins_a_stream_from_stdin_to_stdout()
    {
        var digest = await registry.RawDigestAsync(registry.Open, "app/single:1");
        var pod = $"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n    - name: a\n      image: {registry.Open}/app/single:1\n";

        var result = CliRunner.Run(_dir.Path, pod, "pin", "-");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(pod.Replace("app/single:1\n", $"app/single:1@{digest}\n", StringComparison.Ordinal), result.Stdout);
    }
}
