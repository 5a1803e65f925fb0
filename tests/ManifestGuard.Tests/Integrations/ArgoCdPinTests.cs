using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.Registry;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Integrations;

/// <summary>The plugin's `pin` parameter: the manifests Argo CD applies carry digests resolved from a real registry.</summary>
[Trait(Requires.Trait, Requires.Registry)]
[Collection(RegistryGroup.Name)]
public sealed class ArgoCdPinTests(RegistryFixture registry)
{
    private static Dictionary<string, string?> Environment(params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ARGOCD_APP_NAME"] = "shop",
            ["ARGOCD_APP_NAMESPACE"] = "shop",
            ["ARGOCD_APP_SOURCE_PATH"] = "app",
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }
        return environment;
    }

    [Fact]
    public async Task Pin_parameter_prints_the_manifests_pinned()
    {
        var digest = await registry.RawDigestAsync(registry.Open, "app/multi:1");
        var deployment = $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: {registry.Open}/app/multi:1  # the web tier\n";
        using var repo = new TempDirectory();
        repo.Write("app/deploy.yaml", deployment);

        var result = CliRunner.RunProcess(repo.Combine("app"), null, Environment(("PARAM_PIN", "true")), "argocd", "generate");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(deployment.Replace("app/multi:1  #", $"app/multi:1@{digest}  #", StringComparison.Ordinal), result.Stdout);
        Assert.Equal(deployment, File.ReadAllText(repo.Combine("app/deploy.yaml")));
    }

    [Fact]
    public void Pin_parameter_fails_the_render_when_a_tag_does_not_resolve()
    {
        using var repo = new TempDirectory();
        repo.Write("app/pod.yaml", $"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n    - name: a\n      image: {registry.Open}/app/multi:missing\n");

        var result = CliRunner.RunProcess(repo.Combine("app"), null, Environment(("PARAM_PIN", "true")), "argocd", "generate");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("could not be pinned", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("app/multi:missing", result.Stderr, StringComparison.Ordinal);
    }
}
