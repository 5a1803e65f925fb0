using ManifestGuard.Findings;
using ManifestGuard.Pinning;
using ManifestGuard.Registry;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rules;

/// <summary>
/// `check --online`: MG502 when the registry has no such tag or digest, MG501 when a pinned `tag@digest`
/// no longer matches what the tag points at, and for tag-only references the digest `pin` would write
/// (a SARIF fix). A registry that cannot be asked is an error of the run, not a finding.
/// </summary>
internal static class OnlineImageChecks
{
    public static async Task<OnlineCheckResult> CheckAsync(IReadOnlyList<ScannedImage> images, CheckContext context, RegistryClient client, CancellationToken cancellationToken = default)
    {
        var candidates = images
            .Where(i => i.Reference is not null && !context.Config.IsExempt(i.Raw, i.Reference.Normalized))
            .ToList();
        // A digest-only reference has no tag to resolve; a tag-only one no digest to look up.
        var tags = await Task.WhenAll(candidates.Select(i => i.Reference!.Tag is null && i.Reference.IsPinned
            ? Task.FromResult<ResolveResult?>(null)
            : Optional(client.ResolveTagAsync(i.Reference!, cancellationToken)))).ConfigureAwait(false);
        var digests = await Task.WhenAll(candidates.Select(i => i.Reference!.IsPinned
            ? Optional(client.FindDigestAsync(i.Reference!, cancellationToken))
            : Task.FromResult<ResolveResult?>(null))).ConfigureAwait(false);

        var findings = new List<Finding>();
        var fixes = new Dictionary<string, FindingFix>(StringComparer.Ordinal);
        var errors = new List<string>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var image = candidates[i];
            var reference = image.Reference!;
            var where = $"{image.File}:{image.Span.StartLine}:{image.Span.StartColumn}";
            foreach (var lookup in new[] { digests[i], tags[i] })
            {
                if (lookup is { Succeeded: false, ErrorKind: not RegistryErrorKind.NotFound })
                {
                    errors.Add($"{where}: {lookup.Error}");
                }
            }
            if (digests[i] is { ErrorKind: RegistryErrorKind.NotFound })
            {
                findings.Add(OccurrenceFindings.Create(image, RuleIds.ImageNotFound, context, $"image \"{image.Raw}\": the registry has no manifest {reference.Digest} in {reference.Name}"));
            }
            else if (tags[i] is { ErrorKind: RegistryErrorKind.NotFound })
            {
                findings.Add(OccurrenceFindings.Create(image, RuleIds.ImageNotFound, context, $"image \"{image.Raw}\": the registry has no tag \"{reference.Tag ?? "latest"}\" in {reference.Name}"));
            }
            else if (tags[i] is { Succeeded: true, Digest: { } current })
            {
                if (reference.IsPinned && reference.Tag is not null && current != reference.Digest)
                {
                    findings.Add(OccurrenceFindings.Create(image, RuleIds.PinnedDigestDrift, context,
                        $"image \"{image.Raw}\": the tag \"{reference.Tag}\" now points at {current}, not at the pinned digest; re-pin if the new content is wanted"));
                }
                else if (!reference.IsPinned && image.Placement is null)
                {
                    var fix = new FindingFix($"Pin {image.Raw} to {current}", image.Span, ReplacementText(image.Style, PinnedReference.Format(reference, current)));
                    fixes[FixKey(image)] = fix;
                }
            }
        }
        return new OnlineCheckResult(findings.Where(f => f.Level != FindingLevel.Off).ToList(), fixes, errors);
    }

    private static async Task<ResolveResult?> Optional(Task<ResolveResult> lookup) => await lookup.ConfigureAwait(false);

    /// <summary>The key under which a fix is filed for the finding at this image.</summary>
    public static string FixKey(ScannedImage image) => $"{image.File}@{image.Span.StartOffset}";

    /// <summary>SARIF replaces the whole region, so a quoted scalar's replacement keeps its quotes.</summary>
    private static string ReplacementText(ScalarStyle style, string value) => style switch
    {
        ScalarStyle.DoubleQuoted => "\"" + value + "\"",
        ScalarStyle.SingleQuoted => "'" + value + "'",
        _ => value,
    };
}
