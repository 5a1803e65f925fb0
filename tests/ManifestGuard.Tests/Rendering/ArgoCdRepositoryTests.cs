using System.Text;
using ManifestGuard.Cli;
using ManifestGuard.Cli.Commands;
using ManifestGuard.Tests.Analysis;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rendering;

/// <summary>
/// `argocd generate` judges an application as `check` does: by the policies of the whole repository, and a
/// chart by every variant the configuration names (the application gets the first).
/// </summary>
public sealed class ArgoCdRepositoryTests : IDisposable
{
    private readonly TempDirectory _repo = new();

    public void Dispose() => _repo.Dispose();

    private sealed record Generated(int ExitCode, string Stdout, string Stderr);

    private Generated Generate(string app)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ARGOCD_APP_NAME"] = "shop",
            ["ARGOCD_APP_NAMESPACE"] = "shop",
            ["ARGOCD_APP_SOURCE_PATH"] = app,
        };
        using var stdin = new MemoryStream();
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        int exitCode;
        using (var console = new CliConsole(stdin, stdout, stderr, _repo.Combine(app), environment.GetValueOrDefault))
        {
            exitCode = ArgoCdCommand.GenerateAsync(console).GetAwaiter().GetResult();
        }
        return new Generated(exitCode, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    [Fact]
    public void A_cluster_policy_elsewhere_in_the_repository_blocks_the_application()
    {
        _repo.Write("apps/shop/payments.yaml", RepositoryPoliciesTests.Payments);

        var withoutPolicy = Generate("apps/shop");
        _repo.Write("cluster/acme.yaml", RepositoryPoliciesTests.AcmeSigned);
        var withPolicy = Generate("apps/shop");

        Assert.True(withoutPolicy.ExitCode == 0, withoutPolicy.Stderr);
        Assert.Equal(1, withPolicy.ExitCode);
        Assert.Contains("apps/shop/payments.yaml:10:", withPolicy.Stderr, StringComparison.Ordinal);
        Assert.Contains(" error MG301 ", withPolicy.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster/acme.yaml", withPolicy.Stderr, StringComparison.Ordinal);
    }

    private void Chart(string usTag)
    {
        _repo.Write(".manifestguard.yaml",
            "rules:\n  MG101: off\nrender:\n  charts:\n    apps/shop: [values-eu.yaml, values-us.yaml]\n");
        _repo.Write("apps/shop/Chart.yaml", "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
        _repo.Write("apps/shop/values.yaml", "image:\n  repository: nginx\n  tag: \"1.27.3\"\n");
        _repo.Write("apps/shop/values-eu.yaml", "image:\n  tag: \"1.27.4\"\n");
        _repo.Write("apps/shop/values-us.yaml", $"image:\n  tag: {usTag}\n");
        _repo.Write("apps/shop/templates/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: shop\nspec:\n"
            + "  containers:\n    - name: shop\n"
            + "      image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n");
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Helm)]
    public void Every_configured_chart_variant_is_checked_and_the_first_is_printed()
    {
        Chart(usTag: "latest");
        var blocked = Generate("apps/shop");
        Chart(usTag: "\"1.27.5\"");
        var passed = Generate("apps/shop");

        Assert.Equal(1, blocked.ExitCode);
        Assert.Contains("apps/shop/values-us.yaml:2:8: error MG102", blocked.Stderr, StringComparison.Ordinal);
        Assert.Empty(blocked.Stdout);
        Assert.True(passed.ExitCode == 0, passed.Stderr);
        Assert.Contains("image: \"nginx:1.27.4\"", passed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("1.27.5", passed.Stdout, StringComparison.Ordinal);
    }
}
