using ManifestGuard.Discovery;

namespace ManifestGuard.Rendering;

/// <summary>
/// Runs one render of a plan (the scan runs them in parallel, each a process of its own) and hands back
/// what it printed with its provenance. A render that fails becomes a source that cannot be read, reported
/// (MG901) at its kustomization file or Chart.yaml with the renderer's message; the other renders go on.
/// </summary>
internal static class RenderStage
{
    /// <summary>The render, or the failure as a source that cannot be read (an MG901 at the kustomization file or Chart.yaml).</summary>
    /// <param name="markedRenders">The run's marked Helm renders, which the variants of a chart share.</param>
    public static (RenderedSource? Rendered, SourceText? Failure) Render(
        RenderTarget target, string scanRoot, RenderSettings settings, HelmMarkedRenders? markedRenders = null)
    {
        try
        {
            return (target.Kind switch
            {
                RenderTargetKind.Kustomization => KustomizeRenderer.Render(target.Directory, scanRoot, settings),
                _ => HelmRenderer.Render(
                    target.Directory, target.ValuesFiles, scanRoot, settings, markedRenders),
            }, null);
        }
        catch (RenderException e)
        {
            var display = FileDiscovery.DisplayPathOf(target.ReportedAt, scanRoot);
            return (null, new SourceText(display, target.ReportedAt, "") { Unreadable = e.Message });
        }
    }
}
