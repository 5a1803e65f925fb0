namespace ManifestGuard.Rendering;

/// <summary>Which program renders, from `render.kustomize` and `render.helm`: the real renderers, found as a shell finds them.</summary>
internal static class RendererPrograms
{
    /// <summary>The program and the arguments before the kustomization folder (`build` or `kustomize`).</summary>
    public static (string Executable, string Subcommand) Kustomize(RenderSettings settings)
    {
        switch (settings.Kustomize)
        {
            case "auto":
                if (RendererProcess.FindOnPath("kustomize", settings.SearchPath) is { } kustomize)
                {
                    return (kustomize, "build");
                }
                if (RendererProcess.FindOnPath("kubectl", settings.SearchPath) is { } kubectl)
                {
                    return (kubectl, "kustomize");
                }
                throw new RenderException(
                    "neither `kustomize` nor `kubectl` is on PATH; install one (kubectl carries kustomize), "
                    + "set render.kustomize to its path, or set render.enabled: false");
            case "kustomize" or "kubectl":
                var found = RendererProcess.FindOnPath(settings.Kustomize, settings.SearchPath)
                    ?? throw new RenderException($"`{settings.Kustomize}` (render.kustomize) is not on PATH");
                return (found, settings.Kustomize == "kubectl" ? "kustomize" : "build");
            default:
                var path = Path.GetFullPath(settings.Kustomize);
                if (!File.Exists(path))
                {
                    throw new RenderException($"render.kustomize: {settings.Kustomize} does not exist");
                }
                var isKubectl = Path.GetFileName(path).StartsWith("kubectl", StringComparison.Ordinal);
                return (path, isKubectl ? "kustomize" : "build");
        }
    }

    public static string Helm(RenderSettings settings)
    {
        if (settings.Helm.Contains('/', StringComparison.Ordinal)
            || settings.Helm.Contains('\\', StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(settings.Helm);
            return File.Exists(path) ? path : throw new RenderException($"render.helm: {settings.Helm} does not exist");
        }
        return RendererProcess.FindOnPath(settings.Helm, settings.SearchPath)
            ?? throw new RenderException(
                $"`{settings.Helm}` is not on PATH; install Helm, set render.helm to its path, or set render.enabled: false");
    }
}
