using ManifestGuard.Findings;
using ManifestGuard.Rendering;
using ManifestGuard.Rules;
using ManifestGuard.Workloads;

namespace ManifestGuard.Analysis;

/// <summary>
/// Puts what renders produced where users fix it. Images are placed as they are read; findings about a
/// rendered document that are not about an image (break-glass, policy objects, a stream that does not
/// parse) go to the file the document came from; and one finding that several renders share (a base used
/// by two roots) is reported once, naming them all.
/// </summary>
internal static class RenderedFindings
{
    /// <summary>The image located where it is fixed, with the suppression comments found there.</summary>
    public static ScannedImage Place(ScannedImage image, ImagePlacement placement)
    {
        var comments = placement.Comments;
        var suppressions = comments.LineComment.Length > 0 || comments.CommentAbove.Length > 0
            ? image.Suppressions with { LineComment = comments.LineComment, CommentAbove = comments.CommentAbove }
            : image.Suppressions;
        return image with
        {
            File = placement.Image.File,
            Span = placement.Image.Span,
            Placement = placement,
            Suppressions = suppressions,
        };
    }

    public static List<Finding> Settle(
        IEnumerable<Finding> findings, IReadOnlyDictionary<string, RenderedSource> rendered)
    {
        var located = findings.Select(finding =>
            rendered.TryGetValue(finding.File, out var render) && render.FileOfLine(finding.Span.StartLine) is { } file
                ? finding with { File = file.File, Span = file.Span, RenderedBy = [render.Origin] }
                : finding);
        return Merge(located);
    }

    /// <summary>One finding per rule, place and message; the renders it stands for are named in its message.</summary>
    public static List<Finding> Merge(IEnumerable<Finding> findings)
    {
        var result = new List<Finding>();
        var merged = new Dictionary<(string, string, int, int, string), int>();
        foreach (var finding in findings)
        {
            if (finding.RenderedBy.Count == 0 && finding.RuleId != RuleIds.ManifestParseError)
            {
                result.Add(finding);
                continue;
            }
            var key = (finding.RuleId, finding.File, finding.Span.StartLine, finding.Span.StartColumn, finding.Message);
            if (merged.TryGetValue(key, out var index))
            {
                var renders = result[index].RenderedBy.Union(finding.RenderedBy, StringComparer.Ordinal);
                result[index] = result[index] with { RenderedBy = [.. renders] };
                continue;
            }
            merged[key] = result.Count;
            result.Add(finding);
        }
        for (var i = 0; i < result.Count; i++)
        {
            if (result[i].RenderedBy.Count > 0)
            {
                var renders = result[i].RenderedBy.Order(StringComparer.Ordinal);
                var message = $"{result[i].Message} (as rendered: {string.Join("; ", renders)})";
                result[i] = result[i] with { Message = message, RenderedBy = [] };
            }
        }
        return result;
    }
}
