using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;

namespace ManifestGuard.Rendering;

/// <summary>
/// Renders an application folder as Argo CD would: through `kubectl kustomize` when it holds a
/// kustomization, through `helm template` when it is a chart (with the scan's own Helm renderer, so
/// findings point at values lines: the chart's first variant in `render.charts`, else values.yaml, is
/// what the application gets; every further configured variant is rendered to be checked too),
/// otherwise as the plain YAML and JSON files under it (recursively, in ordinal path
/// order, leaving out dot-files and dot-folders such as `.manifestguard.yaml` and `.github/`, and what
/// the configuration's `exclude` names).
/// </summary>
internal static class AppRenderer
{
    /// <summary>The file names kustomize looks for, in its own order.</summary>
    public static readonly IReadOnlyList<string> KustomizationFileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public static RenderedApp Render(string appDirectory, string rootDirectory, ManifestGuardConfig config, TimeSpan timeout)
    {
        if (File.Exists(Path.Combine(appDirectory, RenderPlan.ChartFileName)))
        {
            return Helm(appDirectory, rootDirectory, config.Render with { Timeout = timeout });
        }
        return KustomizationFileNames.Any(name => File.Exists(Path.Combine(appDirectory, name)))
            ? Kustomize(appDirectory, rootDirectory, timeout, config.Render.SearchPath)
            : Plain(appDirectory, rootDirectory, config);
    }

    public static RenderedApp Helm(string appDirectory, string rootDirectory, RenderSettings settings)
    {
        var chart = Path.TrimEndingDirectorySeparator(Path.GetFullPath(appDirectory));
        IReadOnlyList<IReadOnlyList<string>> variants =
            settings.Charts.TryGetValue(chart, out var configured) && configured.Count > 0 ? configured : [[]];
        // Each variant is a render of its own (up to two helm processes): run them side by side.
        var markedRenders = new HelmMarkedRenders(variants);
        var rendered = OrderedParallel.Map(
            variants, 0, values => HelmRenderer.Render(chart, values, rootDirectory, settings, markedRenders));
        return new RenderedApp("helm", [rendered[0].Text]) { Rendered = rendered[0], OtherVariants = rendered[1..] };
    }

    public static RenderedApp Plain(string appDirectory, string rootDirectory, ManifestGuardConfig config)
    {
        var inputs = FileDiscovery.Discover([appDirectory], rootDirectory, ManifestGuardConfig.DefaultInclude, config.Exclude)
            .Where(input => !IsHidden(Path.GetRelativePath(appDirectory, input.FullPath)));
        return new RenderedApp("plain", [.. inputs.Select(input => SourceReader.Read(input))]);
    }

    public static RenderedApp Kustomize(string appDirectory, string rootDirectory, TimeSpan timeout, string? searchPath)
    {
        var kubectl = RendererProcess.FindOnPath("kubectl", searchPath)
            ?? throw new RenderException("kubectl was not found on PATH; a Kustomize application is rendered with `kubectl kustomize`, so install kubectl where the plugin runs (the plugin sidecar image)");
        var process = RendererProcess.Run(kubectl, ["kustomize", "."], appDirectory, timeout);
        if (process.ExitCode != 0)
        {
            throw new RenderException($"`kubectl kustomize` failed (exit {process.ExitCode}): {process.Stderr.Trim()}");
        }
        var relative = FileDiscovery.DisplayPathOf(appDirectory, rootDirectory);
        var name = relative == "." ? "<kustomize>" : $"<kustomize {relative}>";
        return new RenderedApp("kustomize", [new SourceText(name, null, process.Stdout)]);
    }

    private static bool IsHidden(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part.StartsWith('.') && part is not "." and not "..");
}
