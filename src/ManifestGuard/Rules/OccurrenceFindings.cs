using ManifestGuard.Findings;
using ManifestGuard.Workloads;

namespace ManifestGuard.Rules;

/// <summary>Builds findings located at an image reference, carrying its resource, container and field.</summary>
internal static class OccurrenceFindings
{
    /// <summary>A rendered image's finding goes where its rule's part of the image is fixed (the overlay entry, the values line).</summary>
    public static Finding Create(ScannedImage image, string ruleId, CheckContext context, string message, string? policy = null) => new()
    {
        RuleId = ruleId,
        Level = context.LevelOf(ruleId),
        Message = message,
        File = image.Placement?.LocationFor(ruleId).File ?? image.File,
        Span = image.Placement?.LocationFor(ruleId).Span ?? image.Span,
        RenderedBy = image.Placement is { } placement ? [placement.Description] : [],
        Resource = image.Resource,
        Container = image.Container,
        Field = image.Field,
        Image = image.Raw,
        NormalizedImage = image.Reference?.Normalized,
        Policy = policy,
    };
}
