using ManifestGuard.Findings;
using ManifestGuard.Workloads;

namespace ManifestGuard.Rules;

/// <summary>The checks of one image reference on its own: grammar, tag, digest, native registry lists.</summary>
internal static class ImageReferenceChecks
{
    public static IEnumerable<Finding> Check(ScannedImage image, CheckContext context)
    {
        var config = context.Config;
        var reference = image.Reference;
        if (reference is null)
        {
            yield return OccurrenceFindings.Create(image, RuleIds.InvalidImageReference, context,
                $"invalid image reference \"{MessageText.Quote(image.Raw)}\": {MessageText.Quote(image.Error ?? "", 2 * MessageText.MaxQuotedLength)}");
            yield break;
        }

        var blocked = config.BlockedRegistries.FirstOrDefault(pattern => pattern.Matches(reference));
        if (blocked is not null)
        {
            yield return OccurrenceFindings.Create(image, RuleIds.RegistryBlocked, context,
                $"image \"{image.Raw}\" comes from a blocked registry: {reference.Name} matches \"{blocked.Text}\" in registries.blocked",
                policy: $"registries.blocked \"{blocked.Text}\"");
        }
        if (config.AllowedRegistries.Count > 0 && !config.AllowedRegistries.Any(pattern => pattern.Matches(reference)))
        {
            yield return OccurrenceFindings.Create(image, RuleIds.RegistryNotAllowed, context,
                $"image \"{image.Raw}\" comes from a registry that is not allowed: {reference.Name} matches none of registries.allowed ({string.Join(", ", config.AllowedRegistries.Select(p => p.Text))})",
                policy: "registries.allowed");
        }

        if (reference.Tag is null && reference.Digest is null)
        {
            yield return OccurrenceFindings.Create(image, RuleIds.ImageLatestTag, context,
                $"image \"{image.Raw}\" has neither tag nor digest, so it means \"latest\": name a version and pin its digest");
        }
        else if (reference.Tag is { } tag && config.DisallowedTags.Contains(tag, StringComparer.Ordinal))
        {
            yield return OccurrenceFindings.Create(image, RuleIds.ImageLatestTag, context, reference.IsPinned
                ? $"image \"{image.Raw}\" names the tag \"{tag}\": the digest fixes the content, but the tag tells readers nothing; name a version"
                : $"image \"{image.Raw}\" uses the tag \"{tag}\", which moves: name a version and pin its digest");
        }

        // A rule set to `off` stays off even where requireDigest would raise its level.
        if (!reference.IsPinned && context.IsOn(RuleIds.ImageNotPinned))
        {
            var required = config.RequireDigest.FirstOrDefault(pattern => pattern.Matches(reference));
            var finding = OccurrenceFindings.Create(image, RuleIds.ImageNotPinned, context,
                required is null
                    ? $"image \"{image.Raw}\" is not pinned by digest: `manifestguard pin` can pin it"
                    : $"image \"{image.Raw}\" must be pinned by digest (requireDigest \"{required.Text}\"): `manifestguard pin` can pin it",
                policy: required is null ? null : $"requireDigest \"{required.Text}\"");
            yield return required is null ? finding : finding with { Level = FindingLevel.Error };
        }
    }
}
