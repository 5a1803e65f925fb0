using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.Integrations;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rendering;

/// <summary>
/// The Argo CD plugin on a chart application: rendered by the scan's own Helm renderer, so a blocked render
/// names the values line that set the image, and a passing one hands Argo CD exactly what `helm template` prints.
/// </summary>
[Trait(Requires.Trait, Requires.Helm)]
public sealed class ArgoCdHelmTests
{
    private static TempDirectory Repository(string tag)
    {
        var repository = new TempDirectory();
        repository.Write(".manifestguard.yaml", "rules:\n  MG101: off\n");
        repository.Write("apps/shop/Chart.yaml", "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
        repository.Write("apps/shop/values.yaml", $"image:\n  repository: nginx\n  tag: {tag}\n");
        repository.Write("apps/shop/templates/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: shop\nspec:\n  containers:\n    - name: shop\n      image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n");
        return repository;
    }

    private static Dictionary<string, string?> Environment() => new()
    {
        ["ARGOCD_APP_NAME"] = "shop",
        ["ARGOCD_APP_NAMESPACE"] = "shop",
        ["ARGOCD_APP_SOURCE_PATH"] = "apps/shop",
    };

    [Fact]
    public void A_chart_app_that_fails_names_the_values_line()
    {
        using var repository = Repository("latest");

        var result = CliRunner.RunProcess(repository.Combine("apps/shop"), null, Environment(), "argocd", "generate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("apps/shop/values.yaml:3:8: error MG102", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void A_chart_app_that_passes_is_printed_as_helm_template_prints_it()
    {
        using var repository = Repository("\"1.27.3\"");
        var app = repository.Combine("apps/shop");

        var result = CliRunner.RunProcess(app, null, Environment(), "argocd", "generate");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var helm = ProcessRunner.Run(app, "helm", ["template", "shop", "."]);
        Assert.Equal(0, helm.ExitCode);
        Assert.Equal(helm.Stdout, result.Stdout);
        Assert.Contains("image: \"nginx:1.27.3\"", result.Stdout, StringComparison.Ordinal);
    }
}
