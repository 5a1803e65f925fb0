namespace ManifestGuard.Rendering;

/// <summary>One render to run: a kustomization root, or a chart with the values files of one variant.</summary>
/// <param name="Directory">The kustomization root's or the chart's folder, absolute.</param>
/// <param name="ValuesFiles">For a chart, the values files passed after its values.yaml (absolute); empty for a kustomization.</param>
/// <param name="ReportedAt">The file a render failure is reported at: the kustomization file or Chart.yaml.</param>
internal sealed record RenderTarget(
    RenderTargetKind Kind, string Directory, IReadOnlyList<string> ValuesFiles, string ReportedAt)
{
    /// <summary>Identical targets render once.</summary>
    public string Key => $"{Kind}|{Directory}|{string.Join('|', ValuesFiles)}";
}
