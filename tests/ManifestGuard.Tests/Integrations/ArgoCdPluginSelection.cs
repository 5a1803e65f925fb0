using YamlDotNet.RepresentationModel;

namespace ManifestGuard.Tests.Integrations;

/// <summary>How the Application's source names its type, as the repo-server reads `spec.source`.</summary>
public enum ArgoCdSource
{
    /// <summary>No `helm`, `kustomize`, `directory` or `plugin` key: the repo-server detects the type.</summary>
    Undeclared,

    /// <summary>`plugin: {name: manifestguard-v1}`.</summary>
    NamedPlugin,

    /// <summary>`plugin: {}`: some plugin, chosen by discovery.</summary>
    UnnamedPlugin,
}

/// <summary>
/// Which tool renders an application, decided as Argo CD's repo-server and cmp-server decide it with
/// this repository's integrations/argocd/plugin.yaml as the only sidecar plugin:
/// - a source without a type: the plugins' discovery runs first, and a plugin that claims the app
///   renders it; otherwise a Chart.yaml anywhere in the folder makes it Helm, a kustomization
///   (kustomization.yaml, kustomization.yml, Kustomization) Kustomize, and neither plain Directory;
/// - a named plugin: with discovery configured, the plugin must claim the app too, or the render fails;
/// - discovery: `fileName` first, else `find.glob`, else `find.command`, which the cmp-server runs in the
///   application's folder with its own environment plus the request's variables, and which claims the
///   app when its standard output, without one trailing newline, is not empty (a failing command is an
///   error, not a claim). The request carries ARGOCD_APP_* always, and KUBE_VERSION, KUBE_API_VERSIONS
///   and the source's plugin env (as ARGOCD_ENV_*) only when the source is a plugin.
/// This plugin's discovery is a command; the harness refuses a plugin.yaml that switches to fileName or
/// glob rather than judge them by rules it does not implement.
/// </summary>
public static class ArgoCdPluginSelection
{
    public const string Plugin = "Plugin";

    public static string Decide(string pluginYaml, string appFolder, ArgoCdSource source, IReadOnlyDictionary<string, string>? pluginEnv = null)
    {
        var discover = Discovery(pluginYaml);
        var environment = RequestEnvironment(source, pluginEnv);
        switch (source)
        {
            case ArgoCdSource.NamedPlugin:
                return discover is null || Claims(discover, appFolder, environment)
                    ? Plugin
                    : "refused: couldn't find cmp-server plugin with name \"manifestguard-v1\" supporting the given repository";
            case ArgoCdSource.UnnamedPlugin:
                return discover is not null && Claims(discover, appFolder, environment) ? Plugin : "refused: no plugin supports the application";
            default:
                if (discover is not null && Claims(discover, appFolder, environment))
                {
                    return Plugin;
                }
                return DetectedType(appFolder);
        }
    }

    private static string DetectedType(string appFolder)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(appFolder, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith("Chart.yaml", StringComparison.Ordinal))
            {
                types.Add("Helm");
            }
            if (name is "kustomization.yaml" or "kustomization.yml" or "Kustomization")
            {
                types.Add("Kustomize");
            }
        }
        return types.Count switch
        {
            0 => "Directory",
            1 => types.Single(),
            _ => "refused: multiple application sources found",
        };
    }

    private static Dictionary<string, string?> RequestEnvironment(ArgoCdSource source, IReadOnlyDictionary<string, string>? pluginEnv)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ARGOCD_APP_NAME"] = "shop",
            ["ARGOCD_APP_NAMESPACE"] = "shop",
            ["ARGOCD_APP_PROJECT_NAME"] = "default",
            ["ARGOCD_APP_REVISION"] = "0123456789abcdef0123456789abcdef01234567",
            ["ARGOCD_APP_REVISION_SHORT"] = "0123456",
            ["ARGOCD_APP_REVISION_SHORT_8"] = "01234567",
            ["ARGOCD_APP_SOURCE_REPO_URL"] = "https://git.example.com/acme/deploy.git",
            ["ARGOCD_APP_SOURCE_PATH"] = "apps/shop",
            ["ARGOCD_APP_SOURCE_TARGET_REVISION"] = "main",
            // The sidecar's own environment has neither; only a plugin source's request adds them.
            ["KUBE_VERSION"] = null,
            ["KUBE_API_VERSIONS"] = null,
        };
        if (source != ArgoCdSource.Undeclared)
        {
            environment["KUBE_VERSION"] = "1.31.0";
            environment["KUBE_API_VERSIONS"] = "v1,apps/v1";
            foreach (var (name, value) in pluginEnv ?? new Dictionary<string, string>())
            {
                environment["ARGOCD_ENV_" + name] = value;
            }
        }
        return environment;
    }

    private static bool Claims(YamlMappingNode discover, string appFolder, Dictionary<string, string?> environment)
    {
        if (discover.Children.ContainsKey("fileName") || (Find(discover)?.Children.ContainsKey("glob") ?? false))
        {
            throw new NotSupportedException("plugin.yaml discovers by fileName or glob; this harness implements find.command only");
        }
        var command = Find(discover)?.Children.TryGetValue("command", out var node) == true
            ? ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList()
            : throw new InvalidOperationException("plugin.yaml has discover without find.command");
        var run = ProcessRunner.Run(appFolder, command[0], command.Skip(1), environment);
        if (run.ExitCode != 0)
        {
            return false; // an error: the repo-server treats the plugin as not supporting the app
        }
        var output = run.Stdout.EndsWith('\n') ? run.Stdout[..^1] : run.Stdout;
        return output.Length > 0;
    }

    private static YamlMappingNode? Find(YamlMappingNode discover) =>
        discover.Children.TryGetValue("find", out var find) ? (YamlMappingNode)find : null;

    private static YamlMappingNode? Discovery(string pluginYaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(pluginYaml));
        var spec = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children["spec"];
        return spec.Children.TryGetValue("discover", out var discover) ? (YamlMappingNode)discover : null;
    }
}
