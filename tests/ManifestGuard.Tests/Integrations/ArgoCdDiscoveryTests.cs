using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// The plugin's discovery rules (integrations/argocd/plugin.yaml) on applications of each kind, decided
/// the way Argo CD's repo-server does (<see cref="ArgoCdPluginSelection"/>): the plugin renders what
/// names it or carries the `.manifestguard.yaml` marker, and never takes a Helm chart or a kustomization
/// that asked for nothing.
/// </summary>
public sealed class ArgoCdDiscoveryTests
{
    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: web, image: nginx:1.27}\n";

    private static readonly Dictionary<string, (string Path, string Text)[]> Apps = new(StringComparer.Ordinal)
    {
        ["plain"] = [("deployment.yaml", Deployment)],
        ["yml-only"] = [("deployment.yml", Deployment)],
        ["json-only"] = [("service.json", """{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {"ports": [{"port": 80}]}}""")],
        ["helm"] = [("Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n"), ("values.yaml", "image: nginx:1.27\n"), ("templates/deployment.yaml", "{{- /* chart template */ -}}\n")],
        ["kustomize"] = [("kustomization.yaml", "resources: [deployment.yaml]\n"), ("deployment.yaml", Deployment)],
        ["plain-with-marker"] = [("deployment.yaml", Deployment), (".manifestguard.yaml", "registries:\n  allowed: [nginx]\n")],
        ["helm-with-marker"] = [("Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n"), ("templates/deployment.yaml", "{{- /* chart template */ -}}\n"), (".manifestguard.yaml", "{}\n")],
        ["kustomize-with-marker"] = [("kustomization.yaml", "resources: [deployment.yaml]\n"), ("deployment.yaml", Deployment), (".manifestguard.yaml", "{}\n")],
    };

    [Theory]
    // Applications that declare no source type: only the marker makes them ManifestGuard's.
    [InlineData("plain", ArgoCdSource.Undeclared, "Directory")]
    [InlineData("yml-only", ArgoCdSource.Undeclared, "Directory")]
    [InlineData("helm", ArgoCdSource.Undeclared, "Helm")]
    [InlineData("kustomize", ArgoCdSource.Undeclared, "Kustomize")]
    [InlineData("plain-with-marker", ArgoCdSource.Undeclared, ArgoCdPluginSelection.Plugin)]
    [InlineData("helm-with-marker", ArgoCdSource.Undeclared, ArgoCdPluginSelection.Plugin)]
    [InlineData("kustomize-with-marker", ArgoCdSource.Undeclared, ArgoCdPluginSelection.Plugin)]
    // Applications that name the plugin: taken whatever their files.
    [InlineData("plain", ArgoCdSource.NamedPlugin, ArgoCdPluginSelection.Plugin)]
    [InlineData("yml-only", ArgoCdSource.NamedPlugin, ArgoCdPluginSelection.Plugin)]
    [InlineData("json-only", ArgoCdSource.NamedPlugin, ArgoCdPluginSelection.Plugin)]
    [InlineData("helm", ArgoCdSource.NamedPlugin, ArgoCdPluginSelection.Plugin)]
    [InlineData("kustomize", ArgoCdSource.NamedPlugin, ArgoCdPluginSelection.Plugin)]
    // `plugin: {}` asks for a plugin without naming one: with this plugin alone installed, this one.
    [InlineData("plain", ArgoCdSource.UnnamedPlugin, ArgoCdPluginSelection.Plugin)]
    public void The_plugin_renders_the_applications_that_ask_for_it_and_no_other(string app, ArgoCdSource source, string expected)
    {
        using var repo = new TempDirectory();
        foreach (var (path, text) in Apps[app])
        {
            repo.Write($"apps/shop/{path}", text);
        }
        var plugin = File.ReadAllText(RepositoryRoot.Combine("integrations", "argocd", "plugin.yaml"));
        Assert.Equal(expected, ArgoCdPluginSelection.Decide(plugin, repo.Combine("apps/shop"), source));
    }

    [Fact]
    public void The_marker_counts_only_in_the_application_folder_not_above_it()
    {
        using var repo = new TempDirectory();
        repo.Write(".manifestguard.yaml", "{}\n"); // the repository's policy at its root
        repo.Write("apps/shop/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        var plugin = File.ReadAllText(RepositoryRoot.Combine("integrations", "argocd", "plugin.yaml"));
        Assert.Equal("Helm", ArgoCdPluginSelection.Decide(plugin, repo.Combine("apps/shop"), ArgoCdSource.Undeclared));
    }

    [Theory]
    [InlineData("yml-only", "kind: Deployment")]
    [InlineData("json-only", "\"kind\": \"Service\"")]
    public void A_named_application_of_yml_or_json_files_is_rendered(string app, string expected)
    {
        using var repo = new TempDirectory();
        foreach (var (path, text) in Apps[app])
        {
            repo.Write($"apps/shop/{path}", text);
        }
        var result = CliRunner.RunProcess(repo.Combine("apps/shop"), null, new Dictionary<string, string?>
        {
            ["ARGOCD_APP_NAME"] = "shop",
            ["ARGOCD_APP_NAMESPACE"] = "shop",
            ["ARGOCD_APP_SOURCE_PATH"] = "apps/shop",
            ["PARAM_FAIL_ON"] = "none",
        }, "argocd", "generate");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
    }
}
