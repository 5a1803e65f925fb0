using ManifestGuard.Findings;
using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Workloads;

/// <summary>
/// An image reference as a scan keeps it once its file is checked: plain values, no document tree and
/// no file text, so what a scan holds grows with the number of images, not with the size of the files.
/// </summary>
/// <param name="BreakGlass">The pod carries a break-glass annotation or label.</param>
/// <param name="Suppressions">What could suppress a finding at the reference, for the stages after the file scan.</param>
internal sealed record ScannedImage(
    string File,
    SourceSpan Span,
    ScalarStyle Style,
    string Raw,
    ImageReference? Reference,
    string? Error,
    ResourceIdentity Resource,
    string Field,
    string? Container,
    bool BreakGlass,
    SuppressionContext Suppressions)
{
    /// <summary>
    /// Why the reference was not evaluated (an OpenShift Template parameter without a default), or null.
    /// </summary>
    public string? NotEvaluated { get; init; }

    /// <summary>For an image a renderer produced: where each part of it is fixed in the repository.</summary>
    public Rendering.ImagePlacement? Placement { get; init; }

    public static ScannedImage From(ImageOccurrence image, bool breakGlass, SuppressionContext suppressions) => new(
        image.Pod.Owner.Source.DisplayPath,
        image.Scalar.Span,
        image.Scalar.Style,
        image.Raw,
        image.Reference,
        image.Error,
        image.Pod.Owner.Identity,
        image.Field,
        image.Container,
        breakGlass,
        suppressions)
    {
        NotEvaluated = image.NotEvaluated,
    };
}
