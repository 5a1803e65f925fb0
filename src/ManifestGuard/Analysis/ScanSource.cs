using ManifestGuard.Discovery;
using ManifestGuard.Rendering;

namespace ManifestGuard.Analysis;

/// <summary>
/// One thing a scan reads: a file (read in the scan's parallel stage), a text already in memory (stdin, an
/// application rendered for Argo CD), a kustomization root or chart variant (rendered in that stage), or a
/// configured policy file (read before the rest, since every file's check needs the policies).
/// </summary>
internal sealed record ScanSource
{
    private ScanSource()
    {
    }

    public ScanInput? File { get; private init; }

    public SourceText? Text { get; private init; }

    internal RenderTarget? Render { get; private init; }

    /// <summary>A render already done (the Argo CD plugin renders before it pins), with its provenance.</summary>
    public RenderedSource? Rendered { get; private init; }

    /// <summary>A `policyFiles` entry: read as a policy, not checked as a manifest.</summary>
    public bool IsPolicyFile { get; private init; }

    public static ScanSource FromFile(ScanInput input) => new() { File = input };

    public static ScanSource FromText(SourceText text) => new() { Text = text };

    internal static ScanSource FromRender(RenderTarget target) => new() { Render = target };

    public static ScanSource FromRendered(RenderedSource rendered) =>
        new() { Text = rendered.Text, Rendered = rendered };

    public static ScanSource FromPolicyFile(ScanInput input) => new() { File = input, IsPolicyFile = true };
}
