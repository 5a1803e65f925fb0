using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.References;
using ManifestGuard.Rules;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;

namespace ManifestGuard.Pinning;

/// <summary>
/// Finds what pin should pin in one file: tag-only image references in pod specs, kustomization
/// `images:` entries with `newTag` and no `digest`, and, in files configured as Helm values,
/// `image: {registry?, repository, tag}` blocks without a digest. References that are exempt, or whose
/// MG101 is suppressed, are left alone: the suppression says the tag is meant.
/// </summary>
internal static class PinTargetFinder
{
    public static IReadOnlyList<PinTarget> Find(ManifestFileSnapshot file, string displayPath, ManifestGuardConfig config, bool isHelmValues)
    {
        var parsed = YamlDocumentParser.Parse(file.Text);
        if (parsed.Error is { } error)
        {
            throw new PinningException($"{displayPath}:{error.Line}:{error.Column}: not valid YAML or JSON: {error.Message}");
        }
        var source = new SourceText(displayPath, file.Path, file.Text);
        var targets = new List<PinTarget>();
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        foreach (var document in parsed.Documents)
        {
            foreach (var obj in ImageExtractor.Objects(source, document))
            {
                foreach (var pod in ImageExtractor.Pods(obj, config.Workloads))
                {
                    targets.AddRange(WorkloadTargets(pod, obj, config, seen));
                }
            }
            if (KustomizeImageEntry.IsKustomizationFile(file.Path))
            {
                targets.AddRange(KustomizeTargets(document, displayPath, file.Text));
            }
            if (isHelmValues)
            {
                targets.AddRange(HelmValuesTargets(document, displayPath, file.Text));
            }
        }
        return targets;
    }

    private static IEnumerable<PinTarget> WorkloadTargets(PodTemplateSite pod, ManifestObject obj, ManifestGuardConfig config, HashSet<YamlNode> seen)
    {
        foreach (var image in ImageExtractor.Images(pod, seen))
        {
            // A reference made of template parameters is set where the template is processed, not here.
            if (image.UsesParameters || image.Reference is not { IsPinned: false } reference
                || config.IsExempt(image.Raw, reference.Normalized))
            {
                continue;
            }
            var suppressed = SuppressionFinder.Find(obj.Source, image.Scalar.Span.StartLine, RuleIds.ImageNotPinned, obj.Root["metadata"] as YamlMapping, pod.Metadata);
            if (suppressed is null)
            {
                var scalar = image.Scalar;
                yield return new PinTarget(obj.Source.DisplayPath, scalar.Span, reference, digest => ScalarEdit.For(scalar, PinnedReference.Format(reference, digest)));
            }
        }
    }

    private static IEnumerable<PinTarget> KustomizeTargets(YamlNode document, string displayPath, string text)
    {
        foreach (var entry in KustomizeImageEntry.FindUnpinned(document))
        {
            if (ImageReference.TryParse(entry.ImageToResolve, out var reference, out _))
            {
                yield return new PinTarget(displayPath, entry.Entry.Span, reference, digest => entry.DigestInsertion(text, digest));
            }
        }
    }

    /// <summary>
    /// Mappings with `repository` and `tag` and no `digest`, anywhere in a values file (aliases visited once).
    /// </summary>
    private static IEnumerable<PinTarget> HelmValuesTargets(YamlNode document, string displayPath, string text)
    {
        var visited = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<YamlNode>();
        pending.Push(document);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!visited.Add(node))
            {
                continue;
            }
            if (node is YamlSequence sequence)
            {
                foreach (var item in sequence.Items)
                {
                    pending.Push(item);
                }
                continue;
            }
            if (node is not YamlMapping map)
            {
                continue;
            }
            foreach (var entry in map.Entries)
            {
                pending.Push(entry.Value);
            }
            if (map.ScalarAt("repository") is { Length: > 0 } repository && map.ScalarAt("tag") is { Length: > 0 } tag
                && map["digest"] is null or YamlScalar { IsNull: true, Style: ScalarStyle.Plain } && map.Entries.Count > 0)
            {
                var registry = map.ScalarAt("registry");
                var image = (string.IsNullOrEmpty(registry) ? "" : registry + "/") + repository + ":" + tag;
                if (ImageReference.TryParse(image, out var reference, out _))
                {
                    yield return new PinTarget(displayPath, map.Span, reference, digest => HelmDigestEdit(map, text, digest));
                }
            }
        }
    }

    /// <summary>Adds `digest:` to the block, or fills an empty `digest:` already there.</summary>
    private static TextInsertion HelmDigestEdit(YamlMapping map, string text, string digest)
    {
        if (map.KeyNode("digest") is not { } key)
        {
            return DigestKeyInsertion.For(map, text, digest);
        }
        var colon = text.IndexOf(':', key.Span.EndOffset);
        return new TextInsertion(colon + 1, " " + digest);
    }
}
