using ManifestGuard.Findings;
using ManifestGuard.Workloads;

namespace ManifestGuard.Rules;

/// <summary>Builds findings located at an image reference, carrying its resource, container and field.</summary>
internal static class OccurrenceFindings
{
    public static Finding Create(ScannedImage image, string ruleId, CheckContext context, string message, string? policy = null) => new()
    {
        RuleId = ruleId,
        Level = context.LevelOf(ruleId),
        Message = message,
        File = image.File,
        Span = image.Span,
        Resource = image.Resource,
        Container = image.Container,
        Field = image.Field,
        Image = image.Raw,
        NormalizedImage = image.Reference?.Normalized,
        Policy = policy,
    };
}
