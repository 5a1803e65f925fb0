namespace ManifestGuard.Rendering;

internal enum RenderTargetKind
{
    Kustomization,
    HelmChart,
}
