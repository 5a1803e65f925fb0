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

        // One problem, one finding: MG102 already says to pin, so an unpinned `latest` is not MG101 too,
        // unless MG102 is turned off. A requireDigest scope still makes it an error.
        var required = reference.IsPinned ? null : config.RequireDigest.FirstOrDefault(pattern => pattern.Matches(reference));
        var latest = LatestTagMessage(image, reference, config.DisallowedTags);
        if (latest is not null && context.IsOn(RuleIds.ImageLatestTag))
        {
            // No policy on the finding: it would change the fingerprint of an MG102 that code scanning already tracks.
            var finding = OccurrenceFindings.Create(image, RuleIds.ImageLatestTag, context,
                required is null ? latest : $"{latest} (requireDigest \"{required.Text}\")");
            yield return required is null ? finding : finding with { Level = FindingLevel.Error };
            if (!reference.IsPinned)
            {
                yield break;
            }
        }

        // A rule set to `off` stays off even where requireDigest would raise its level.
        if (!reference.IsPinned && context.IsOn(RuleIds.ImageNotPinned))
        {
            var finding = OccurrenceFindings.Create(image, RuleIds.ImageNotPinned, context,
                required is null
                    ? $"image \"{image.Raw}\" is not pinned by digest: `manifestguard pin` can pin it"
                    : $"image \"{image.Raw}\" must be pinned by digest (requireDigest \"{required.Text}\"): `manifestguard pin` can pin it",
                policy: required is null ? null : $"requireDigest \"{required.Text}\"");
            yield return required is null ? finding : finding with { Level = FindingLevel.Error };
        }
    }

    /// <summary>MG102's message when the reference has no tag and no digest, or a disallowed tag; else null.</summary>
    private static string? LatestTagMessage(ScannedImage image, References.ImageReference reference, IReadOnlyList<string> disallowedTags)
    {
        if (reference.Tag is null && reference.Digest is null)
        {
            return $"image \"{image.Raw}\" has neither tag nor digest, so it means \"latest\": name a version and pin its digest";
        }
        if (reference.Tag is not { } tag || !disallowedTags.Contains(tag, StringComparer.Ordinal))
        {
            return null;
        }
        return reference.IsPinned
            ? $"image \"{image.Raw}\" names the tag \"{tag}\": the digest fixes the content, but the tag tells readers nothing; name a version"
            : $"image \"{image.Raw}\" uses the tag \"{tag}\", which moves: name a version and pin its digest";
    }
}
