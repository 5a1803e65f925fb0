using ManifestGuard.Tests.Cli;
using ManifestGuard.Yaml;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// The Argo CD config management plugin: `manifestguard argocd generate` run in an application folder
/// with the environment Argo CD's cmp-server sets (ARGOCD_APP_*, the Application's plugin.env as
/// ARGOCD_ENV_*, plugin parameters as PARAM_*), and the plugin files in integrations/argocd/.
/// </summary>
public sealed class ArgoCdPluginTests
{
    private const string Config = """
        registries:
          allowed: [nginx, ghcr.io/acme]
          blocked: [docker.io/randomuser]
        """;

    private const string GoodDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: nginx:1.27.3@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a   # pinned
        """;

    private const string GoodService = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]";

    private const string BadPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: debug
        spec:
          containers:
            - name: shell
              image: docker.io/randomuser/tools:latest
        """;

    /// <summary>A repository with its policy at the root and the application in apps/shop, as the cmp-server unpacks it.</summary>
    private static (TempDirectory Repo, string App) Repository(params (string Path, string Text)[] appFiles)
    {
        var repo = new TempDirectory();
        repo.Write(".manifestguard.yaml", Config);
        foreach (var (path, text) in appFiles)
        {
            repo.Write(Path.Combine("apps", "shop", path), text);
        }
        return (repo, Path.Combine(repo.Path, "apps", "shop"));
    }

    /// <summary>The variables the cmp-server sets for an Application "shop" deploying apps/shop to the namespace shop.</summary>
    private static Dictionary<string, string?> CmpEnvironment(params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ARGOCD_APP_NAME"] = "shop",
            ["ARGOCD_APP_NAMESPACE"] = "shop",
            ["ARGOCD_APP_SOURCE_PATH"] = "apps/shop",
            ["ARGOCD_APP_SOURCE_REPO_URL"] = "https://git.example.com/acme/deploy.git",
            ["ARGOCD_APP_SOURCE_TARGET_REVISION"] = "main",
            ["ARGOCD_APP_REVISION"] = "0123456789abcdef0123456789abcdef01234567",
            ["KUBE_VERSION"] = "1.31",
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }
        return environment;
    }

    /// <summary>
    /// In process, with the variables given over this process's own: the command reads its environment, PATH
    /// included, only through the console. The plugin as a process is tested in ArgoCdDiscoveryTests and
    /// ArgoCdPinTests.
    /// </summary>
    private static CliRunner.Result Generate(string app, Dictionary<string, string?> environment) =>
        CliRunner.Run(app, null, environment, "argocd", "generate");

    [Fact]
    public void A_passing_single_file_app_is_printed_byte_for_byte()
    {
        var (repo, app) = Repository(("deploy.yaml", GoodDeployment + "\n"));
        using (repo)
        {
            var result = Generate(app, CmpEnvironment());
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Equal(GoodDeployment + "\n", result.Stdout);
            Assert.Equal("", result.Stderr);
        }
    }

    [Fact]
    public void A_passing_folder_is_its_files_in_path_order_joined_by_document_separators()
    {
        var (repo, app) = Repository(
            ("service.yml", GoodService),
            ("deploy.yaml", GoodDeployment + "\n"),
            ("nested/config.json", """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}""" + "\n"),
            ("README.md", "not a manifest\n"),
            (".argocd-source-shop.yaml", "helm: {}\n"));
        using (repo)
        {
            var result = Generate(app, CmpEnvironment());
            Assert.True(result.ExitCode == 0, result.Stderr);
            var expected = GoodDeployment + "\n---\n" + """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}""" + "\n---\n" + GoodService;
            Assert.Equal(expected, result.Stdout);
        }
    }

    [Fact]
    public void A_failing_app_exits_1_with_the_findings_on_stderr_and_nothing_on_stdout()
    {
        var (repo, app) = Repository(("deploy.yaml", GoodDeployment), ("debug.yaml", BadPod));
        using (repo)
        {
            var result = Generate(app, CmpEnvironment());
            Assert.Equal(1, result.ExitCode);
            Assert.Equal("", result.Stdout);
            var lines = result.Stderr.Split('\n');
            Assert.StartsWith("manifestguard: application \"shop\" (namespace shop) is blocked by image policy: 3 errors", lines[0], StringComparison.Ordinal);
            // Paths are relative to the repository root, where the policy lives, as in `manifestguard check`.
            Assert.Contains("  apps/shop/debug.yaml:8:14: error MG102 image-latest-tag:", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("  apps/shop/debug.yaml:8:14: error MG202 registry-blocked:", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("[Pod/debug, container shell]", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b[", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_repository_policy_is_applied_from_the_repository_root()
    {
        // The root .manifestguard.yaml allows nginx and ghcr.io/acme only.
        var (repo, app) = Repository(("pod.yaml", BadPod.Replace("docker.io/randomuser/tools:latest", "quay.io/acme/tools:1.0", StringComparison.Ordinal)));
        using (repo)
        {
            var result = Generate(app, CmpEnvironment());
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("error MG201 registry-not-allowed", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Fail_on_comes_from_the_plugin_parameter_or_the_application_env()
    {
        // nginx:1.27 without a digest is an MG101 warning: it passes at the default fail-on (error).
        var unpinned = GoodDeployment.Replace("@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a", "", StringComparison.Ordinal);
        var (repo, app) = Repository(("deploy.yaml", unpinned));
        using (repo)
        {
            Assert.Equal(0, Generate(app, CmpEnvironment()).ExitCode);

            var fromEnv = Generate(app, CmpEnvironment(("ARGOCD_ENV_MANIFESTGUARD_FAIL_ON", "warning")));
            Assert.Equal(1, fromEnv.ExitCode);
            Assert.Contains("warning MG101 image-not-pinned", fromEnv.Stderr, StringComparison.Ordinal);
            Assert.Contains("fail-on is warning", fromEnv.Stderr, StringComparison.Ordinal);

            // A plugin parameter wins over the env entry.
            Assert.Equal(0, Generate(app, CmpEnvironment(("ARGOCD_ENV_MANIFESTGUARD_FAIL_ON", "warning"), ("PARAM_FAIL_ON", "error"))).ExitCode);
            Assert.Equal(1, Generate(app, CmpEnvironment(("PARAM_FAIL_ON", "warning"))).ExitCode);
        }
    }

    [Fact]
    public void The_config_parameter_names_a_file_relative_to_the_repository_root()
    {
        var (repo, app) = Repository(("debug.yaml", BadPod));
        using (repo)
        {
            repo.Write("policy/lenient.yaml", "rules:\n  MG102: off\n  MG202: off\n");
            var result = Generate(app, CmpEnvironment(("PARAM_CONFIG", "policy/lenient.yaml")));
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Equal(BadPod, result.Stdout);

            var missing = Generate(app, CmpEnvironment(("PARAM_CONFIG", "policy/none.yaml")));
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("policy/none.yaml", missing.Stderr, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("PARAM_FAIL_ON", "critical")]
    [InlineData("PARAM_PIN", "yes please")]
    public void A_parameter_value_that_makes_no_sense_is_exit_2_naming_it(string name, string value)
    {
        var (repo, app) = Repository(("deploy.yaml", GoodDeployment));
        using (repo)
        {
            var result = Generate(app, CmpEnvironment((name, value)));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(name, result.Stderr, StringComparison.Ordinal);
            Assert.Equal("", result.Stdout);
        }
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Kubectl)]
    public void A_kustomize_app_is_rendered_by_kubectl_and_printed_as_kubectl_prints_it()
    {
        var (repo, app) = Repository(
            ("kustomization.yaml", "resources: [deploy.yaml, service.yaml]\ncommonLabels: {team: shop}\n"),
            ("deploy.yaml", GoodDeployment),
            ("service.yaml", GoodService));
        using (repo)
        {
            var kustomize = ProcessRunner.Check(app, "kubectl", "kustomize", ".");
            var result = Generate(app, CmpEnvironment());
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Equal(kustomize.Stdout, result.Stdout);
            Assert.Contains("team: shop", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Kubectl)]
    public void A_failing_kustomize_app_reports_lines_of_the_rendered_output()
    {
        var (repo, app) = Repository(
            ("kustomization.yaml", "resources: [debug.yaml]\nnamespace: tools\n"),
            ("debug.yaml", BadPod));
        using (repo)
        {
            var result = Generate(app, CmpEnvironment());
            Assert.Equal(1, result.ExitCode);
            Assert.Equal("", result.Stdout);
            Assert.Contains("`kubectl kustomize` output", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("<kustomize apps/shop>:", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("error MG202 registry-blocked", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("[Pod/tools/debug, container shell]", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_kustomize_app_without_kubectl_fails_with_a_clear_message()
    {
        var (repo, app) = Repository(("kustomization.yaml", "resources: [deploy.yaml]\n"), ("deploy.yaml", GoodDeployment));
        using (repo)
        using (var emptyPath = new TempDirectory())
        {
            var result = Generate(app, CmpEnvironment(("PATH", emptyPath.Path)));
            Assert.Equal(3, result.ExitCode);
            Assert.Contains("kubectl was not found on PATH", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Kubectl)]
    public void A_kustomization_that_does_not_build_fails_the_render_with_kubectl_s_error()
    {
        var (repo, app) = Repository(("kustomization.yaml", "resources: [missing.yaml]\n"));
        using (repo)
        {
            var result = Generate(app, CmpEnvironment());
            Assert.Equal(3, result.ExitCode);
            Assert.Contains("`kubectl kustomize` failed", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("missing.yaml", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_plugin_runs_this_command_and_declares_the_parameters_it_reads()
    {
        var plugin = (YamlMapping)YamlDocumentParser.Parse(File.ReadAllText(RepositoryRoot.Combine("integrations", "argocd", "plugin.yaml"))).Documents.Single();
        Assert.Equal("ConfigManagementPlugin", ((YamlScalar)plugin["kind"]!).Value);
        var spec = (YamlMapping)plugin["spec"]!;
        var command = ((YamlSequence)((YamlMapping)spec["generate"]!)["command"]!).Items.Select(i => ((YamlScalar)i).Value);
        Assert.Equal(["manifestguard", "argocd", "generate"], command);
        var parameters = ((YamlSequence)((YamlMapping)spec["parameters"]!)["static"]!).Items
            .Select(p => ((YamlScalar)((YamlMapping)p)["name"]!).Value);
        Assert.Equal(["fail-on", "pin", "config"], parameters);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Kubectl)]
    public void The_repo_server_patch_adds_the_sidecar_as_argo_cd_documents_it()
    {
        using var dir = new TempDirectory();
        var deployment = dir.Write("argocd-repo-server.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: argocd-repo-server, namespace: argocd}
            spec:
              selector: {matchLabels: {app.kubernetes.io/name: argocd-repo-server}}
              template:
                metadata: {labels: {app.kubernetes.io/name: argocd-repo-server}}
                spec:
                  containers:
                    - name: argocd-repo-server
                      image: quay.io/argoproj/argocd:v2.13.0
                  volumes:
                    - {name: var-files, emptyDir: {}}
                    - {name: plugins, emptyDir: {}}
            """);
        var patched = ProcessRunner.Check(dir.Path, "kubectl", "patch", "--local", "-f", deployment, "--type", "strategic",
            "--patch-file", RepositoryRoot.Combine("integrations", "argocd", "repo-server-patch.yaml"), "-o", "yaml").Stdout;
        Assert.Contains("name: argocd-repo-server\n", patched, StringComparison.Ordinal);
        Assert.Contains("- /var/run/argocd/argocd-cmp-server", patched, StringComparison.Ordinal);
        Assert.Contains("mountPath: /home/argocd/cmp-server/config/plugin.yaml", patched, StringComparison.Ordinal);
        Assert.Contains("runAsUser: 999", patched, StringComparison.Ordinal);
        Assert.Contains("name: manifestguard-plugin", patched, StringComparison.Ordinal);
    }
}
