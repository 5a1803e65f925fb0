using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.Registry;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rendering;

/// <summary>
/// `pin` on rendered images against a real registry: each digest is written where `check` places the MG101
/// (the overlay's `images:` entry, the base `image:`, the values `tag:`), and a `check` afterwards finds
/// nothing left unpinned.
/// </summary>
[Trait(Requires.Trait, Requires.Registry)]
[Trait(Requires.Trait, Requires.Kubectl)]
[Trait(Requires.Trait, Requires.Helm)]
[Collection(RegistryGroup.Name)]
public sealed class RenderedPinTests(RegistryFixture registry) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Pins_where_check_places_the_finding_and_check_then_agrees()
    {
        var single = await registry.RawDigestAsync(registry.Open, "app/single:1");
        var multi = await registry.RawDigestAsync(registry.Open, "app/multi:1");
        var r = registry.Open;
        var deployment = $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: a
                      image: {r}/app/single:1   # as written in every root
                    - name: b
                      image: nginx:1.27
            """;
        var overlay = $"resources:\n  - ../../base\nimages:\n  - name: nginx\n    newName: {r}/app/multi\n    newTag: \"1\"\n";
        var values = $"image:\n  repository: {r}/app/single\n  tag: \"1\"  # release\n";
        _dir.Write("base/deployment.yaml", deployment);
        _dir.Write("base/kustomization.yaml", "resources: [deployment.yaml]\n");
        _dir.Write("overlays/prod/kustomization.yaml", overlay);
        _dir.Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        _dir.Write("charts/web/values.yaml", values);
        _dir.Write("charts/web/templates/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n");

        var before = CliRunner.Run(_dir.Path, null, "check", ".");
        var pin = CliRunner.Run(_dir.Path, null, "pin", ".");

        Assert.True(pin.ExitCode == 0, pin.Stderr);
        Assert.Contains("pinned 3 reference(s) in 3 file(s)", pin.Stderr, StringComparison.Ordinal);
        Assert.Equal(deployment.Replace($"{r}/app/single:1 ", $"{r}/app/single:1@{single} ", StringComparison.Ordinal), File.ReadAllText(_dir.Combine("base/deployment.yaml")));
        Assert.Equal(overlay + $"    digest: {multi}\n", File.ReadAllText(_dir.Combine("overlays/prod/kustomization.yaml")));
        Assert.Equal(values.Replace("tag: \"1\"", $"tag: \"1@{single}\"", StringComparison.Ordinal), File.ReadAllText(_dir.Combine("charts/web/values.yaml")));

        Assert.Equal(
            ["base/deployment.yaml:10:18", "charts/web/values.yaml:3:8", "overlays/prod/kustomization.yaml:6:13"],
            Mg101Places(before.Stdout));
        var after = CliRunner.Run(_dir.Path, null, "check", ".");
        Assert.Empty(Mg101Places(after.Stdout));
    }

    private static List<string> Mg101Places(string textReport) =>
        [.. textReport.Split('\n').Where(line => line.Contains(": warning MG101 ", StringComparison.Ordinal)).Select(line => line[..line.IndexOf(": warning", StringComparison.Ordinal)]).Order(StringComparer.Ordinal)];
}
