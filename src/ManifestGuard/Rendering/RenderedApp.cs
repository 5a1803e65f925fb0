using ManifestGuard.Discovery;

namespace ManifestGuard.Rendering;

/// <summary>
/// An application rendered the way Argo CD will apply it: the manifest stream it prints, and the same
/// text split into the sources a scan reports against (one per file for plain folders, one for the
/// output of `kubectl kustomize`).
/// </summary>
/// <param name="Renderer">How it was rendered: "plain", "kustomize" or "helm".</param>
internal sealed record RenderedApp(string Renderer, IReadOnlyList<SourceText> Sources)
{
    /// <summary>For a chart, the render with its provenance, so findings point at values and template lines.</summary>
    public RenderedSource? Rendered { get; init; }

    /// <summary>
    /// A chart's further variants configured in `render.charts`: checked as the first one is, not printed
    /// (the application gets the first).
    /// </summary>
    public IReadOnlyList<RenderedSource> OtherVariants { get; init; } = [];

    /// <summary>
    /// The manifest stream: the sources' text unchanged, joined by `---` lines where a source does not
    /// already start with one, so a single plain file comes out byte for byte.
    /// </summary>
    public string Stream()
    {
        var stream = new System.Text.StringBuilder();
        foreach (var source in Sources)
        {
            if (stream.Length > 0)
            {
                if (stream[^1] != '\n')
                {
                    stream.Append('\n');
                }
                if (!StartsWithDocumentMarker(source.Text))
                {
                    stream.Append("---\n");
                }
            }
            stream.Append(source.Text);
        }
        return stream.ToString();
    }

    private static bool StartsWithDocumentMarker(string text) =>
        text.StartsWith("---", StringComparison.Ordinal) && (text.Length == 3 || text[3] is '\n' or '\r' or ' ' or '\t');
}
