using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Pinning;
using ManifestGuard.References;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>
/// What `pin` pins among rendered images, so that `pin` agrees with `check`: each unpinned image of a render
/// (not exempt, its MG101 not suppressed) is pinned where its MG101 finding points. The files roots and
/// charts use are left out of pinning as written, where a digest could land on a tag an overlay replaces.
/// </summary>
/// <param name="Unpinnable">Places where renders disagree on the image (one digest cannot serve both), as messages.</param>
internal sealed record RenderedPins(
    IReadOnlyList<ScanInput> FilesAsWritten, IReadOnlyList<RenderedPin> Pins, IReadOnlyList<string> Unpinnable)
{
    public static RenderedPins Prepare(ScanPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var renderPlan = RenderPlan.For(plan.Inputs, plan.RootDirectory, plan.Config.Render, plan.Listing);
        if (renderPlan.Targets.Count == 0)
        {
            return new RenderedPins(plan.Inputs, [], []);
        }
        var scanner = new ManifestScanner(plan.Config, RuleCatalog.Default);
        var result = scanner.Scan([.. renderPlan.Targets.Select(ScanSource.FromRender)], plan.RootDirectory);
        var pins = new Dictionary<(string, int), RenderedPin>();
        var conflicts = new List<string>();
        foreach (var image in result.Images)
        {
            if (image.Placement is not { } placement || image.Reference is not { IsPinned: false } reference
                || plan.Config.IsExempt(image.Raw, reference.Normalized)
                || image.Suppressions.For(RuleIds.ImageNotPinned) is not null)
            {
                continue;
            }
            var at = placement.PinLocation;
            var full = Path.GetFullPath(at.File, plan.RootDirectory);
            var pin = new RenderedPin(full, at.File, at.Span, reference, placement.Origin);
            var key = (at.File, at.Span.StartOffset);
            if (!pins.TryAdd(key, pin) && pins[key].Reference.Normalized != reference.Normalized)
            {
                conflicts.Add($"{Where(pin)}: renders make different images here ({pins[key].Reference.Raw}, {reference.Raw}); "
                    + "one digest cannot pin both, pin it by hand");
            }
        }
        var unpinnable = conflicts.Distinct(StringComparer.Ordinal).ToList();
        var kept = pins.Values.Where(p => !unpinnable.Any(c => c.StartsWith(Where(p) + ":", StringComparison.Ordinal)));
        return new RenderedPins(renderPlan.AsWritten, [.. kept], unpinnable);
    }

    /// <summary>
    /// The edit that pins a rendered image at its place: `digest:` into the kustomization `images:` entry
    /// whose value is there, `name:tag@digest` for an `image:` scalar, `tag@digest` (or a `digest:` key
    /// beside it) for a values `tag:`. Null, with the reason, when the place is not one pin can write
    /// (a template, a values line that is not the tag).
    /// </summary>
    public static PinTarget? TargetFor(RenderedPin pin, ManifestFileSnapshot file, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(pin);
        ArgumentNullException.ThrowIfNull(file);
        reason = null;
        var parsed = YamlDocumentParser.Parse(file.Text);
        foreach (var document in parsed.Documents)
        {
            if (ValueAt(document, pin.Span.StartOffset) is not var (parent, key, scalar))
            {
                continue;
            }
            var text = file.Text;
            switch (key)
            {
                case "newName" or "newTag" or "digest" when IsKustomization(pin.FullPath):
                    return Target(pin, digest => DigestKeyInsertion.For(parent, text, digest));
                case "image":
                    return Target(pin, digest => ScalarEdit.For(scalar, PinnedReference.Format(pin.Reference, digest)));
                case "tag" when parent.KeyNode("digest") is { } digestKey && parent["digest"] is YamlScalar { IsNull: true }:
                    return Target(pin, digest => new TextInsertion(text.IndexOf(':', digestKey.Span.EndOffset) + 1, " " + digest));
                case "tag":
                    return Target(pin, digest => ScalarEdit.For(scalar, scalar.Value + "@" + digest));
            }
        }
        reason = $"{Where(pin)}: {pin.Reference.Raw} ({pin.Origin}) is set here by no value pin can write "
            + "(a template, or not the tag); pin it by hand";
        return null;
    }

    private static PinTarget Target(RenderedPin pin, Func<string, PinEdit> edit) =>
        new(pin.DisplayPath, pin.Span, pin.Reference, edit);

    private static bool IsKustomization(string path) =>
        KustomizationFile.FileNames.Contains(Path.GetFileName(path), StringComparer.Ordinal);

    private static string Where(RenderedPin pin) => $"{pin.DisplayPath}:{pin.Span.StartLine}:{pin.Span.StartColumn}";

    /// <summary>The mapping, key and scalar whose value starts at an offset.</summary>
    private static (YamlMapping Parent, string Key, YamlScalar Scalar)? ValueAt(YamlNode node, int offset)
    {
        switch (node)
        {
            case YamlMapping map:
                foreach (var entry in map.Entries)
                {
                    if (entry.Value is YamlScalar scalar && scalar.Span.StartOffset == offset
                        && entry.Key is YamlScalar key)
                    {
                        return (map, key.Value, scalar);
                    }
                    if (ValueAt(entry.Value, offset) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    if (ValueAt(item, offset) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }
}
