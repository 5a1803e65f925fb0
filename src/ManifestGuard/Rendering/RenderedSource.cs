using ManifestGuard.Discovery;

namespace ManifestGuard.Rendering;

/// <summary>
/// What one renderer run produced, ready to scan: the manifest stream (with kustomize's build metadata
/// taken out) and, for each image scalar in it (by offset), where a user fixes that image.
/// </summary>
/// <param name="Text">The stream, reported under a name such as `&lt;kustomize overlays/prod&gt;`.</param>
/// <param name="Origin">What rendered it: `kustomization overlays/prod`, `chart charts/web with values-prod.yaml`.</param>
/// <param name="Placements">Image scalar offset in <paramref name="Text"/> → where the image is fixed.</param>
/// <param name="DocumentFiles">Each document's first line in the stream → the file it came from, for findings that are not about an image.</param>
internal sealed record RenderedSource(
    SourceText Text,
    string Origin,
    IReadOnlyDictionary<int, ImagePlacement> Placements,
    IReadOnlyList<(int StartLine, SourceLocation File)> DocumentFiles)
{
    /// <summary>The repository files placements point into, for reports that quote the line of a finding.</summary>
    public IReadOnlyList<SourceText> Files { get; init; } = [];

    /// <summary>The file a line of the stream came from, or null before the first document.</summary>
    public SourceLocation? FileOfLine(int line)
    {
        SourceLocation? found = null;
        foreach (var (start, file) in DocumentFiles)
        {
            if (start > line)
            {
                break;
            }
            found = file;
        }
        return found;
    }
}
