using System.Text;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>
/// Reads kustomize's build metadata out of a render and takes it off the stream. For each image it places
/// each part where it is fixed: the `images:` entry (its `newName`, `newTag` or `digest` line) of a
/// kustomization whose ImageTagTransformer changed the object, when that entry set the part, else the
/// `image:` scalar of the file the object came from. An attribution is kept only when replaying the
/// entries over the written image gives exactly the rendered one; otherwise the image is placed as written.
/// </summary>
internal static class KustomizeProvenance
{
    public const string OriginAnnotation = "config.kubernetes.io/origin";
    public const string TransformationsAnnotation = "alpha.config.kubernetes.io/transformations";
    private const string ImageTransformer = "ImageTagTransformer";

    private sealed record DocumentOrigin(string? File, IReadOnlyList<string> ImageTransformers);

    public static RenderedSource Read(
        string rendered, string wrapperDirectory, string scanRoot, string rootDisplay, string kustomizationFile)
    {
        var parsedRaw = YamlDocumentParser.Parse(rendered);
        if (parsedRaw.Error is { } error)
        {
            throw new RenderException(
                $"kustomize printed YAML that does not parse ({error.Line}:{error.Column}: {error.Message})");
        }
        var origins = parsedRaw.Documents.Select(document => OriginOf(document, wrapperDirectory)).ToList();
        var text = StripBuildMetadata(rendered);
        var origin = $"kustomization {rootDisplay}";
        var source = new SourceText($"<kustomize {rootDisplay}>", null, text);
        var parsed = YamlDocumentParser.Parse(text);
        if (parsed.Error is not null || parsed.Documents.Count != origins.Count)
        {
            throw new RenderException(
                "the kustomize output could not be read back once its build annotations were removed");
        }

        var files = new RepositoryFiles(scanRoot);
        var rootLocation = new SourceLocation(files.Display(kustomizationFile), SourceSpan.At(1, 1));
        var placements = new Dictionary<int, ImagePlacement>();
        var documentFiles = new List<(int, SourceLocation)>();
        for (var i = 0; i < parsed.Documents.Count; i++)
        {
            var document = parsed.Documents[i];
            var documentOrigin = origins[i];
            documentFiles.Add((document.Span.StartLine, documentOrigin.File is { } f && File.Exists(f)
                ? new SourceLocation(files.Display(f), SourceSpan.At(1, 1))
                : rootLocation));
            var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
            foreach (var obj in ImageExtractor.Objects(source, document))
            {
                if (ImageExtractor.PodTemplate(obj) is not { } pod)
                {
                    continue;
                }
                foreach (var image in ImageExtractor.Images(pod, seen))
                {
                    placements[image.Scalar.Span.StartOffset] =
                        Place(image, obj, documentOrigin, files, rootLocation, origin);
                }
            }
        }
        return new RenderedSource(source, origin, placements, documentFiles) { Files = files.All };
    }

    private static ImagePlacement Place(
        ImageOccurrence image,
        ManifestObject obj,
        DocumentOrigin origin,
        RepositoryFiles files,
        SourceLocation rootLocation,
        string originText)
    {
        if (origin.File is null || files.Get(origin.File) is not { } written
            || WrittenImage(written, obj, image) is not { } scalar)
        {
            // Generated, remote or not found as written: the root's kustomization is where the user starts.
            return new ImagePlacement(rootLocation, null, null, null, originText, SuppressionContext.None);
        }
        var imageLocation = new SourceLocation(written.DisplayPath, scalar.Span);
        var comments = SuppressionFinder.Capture(written, scalar.Span.StartLine);
        var placement = new ImagePlacement(imageLocation, null, null, null, originText, comments);
        return Replay(placement, scalar.Value, image.Raw, origin.ImageTransformers, files);
    }

    /// <summary>
    /// Applies the `images:` entries of the transforming kustomizations, in kustomize's order, to the image as
    /// written, recording which entry set which part; kept only when the result is the rendered image.
    /// </summary>
    private static ImagePlacement Replay(
        ImagePlacement placement,
        string written,
        string rendered,
        IReadOnlyList<string> transformers,
        RepositoryFiles files)
    {
        var current = ImageText.Split(written);
        var name = current.Name;
        string? tag = current.Tag, digest = current.Digest;
        var result = placement;
        foreach (var kustomization in transformers)
        {
            foreach (var entry in files.ImageEntries(kustomization))
            {
                if (entry.Name != name)
                {
                    continue;
                }
                if (entry.NewName is { } newName)
                {
                    name = newName.Value;
                    result = result with { Name = new SourceLocation(entry.File, newName.Span) };
                }
                if (entry.NewTag is { } newTag)
                {
                    tag = newTag.Value;
                    result = result with { Tag = new SourceLocation(entry.File, newTag.Span) };
                }
                if (entry.Digest is { } newDigest)
                {
                    digest = newDigest.Value;
                    result = result with { Digest = new SourceLocation(entry.File, newDigest.Span) };
                }
            }
        }
        var actual = ImageText.Split(rendered);
        var agrees = actual.Name == name
            && (result.Tag is null || actual.Tag == tag)
            && (result.Digest is null || actual.Digest == digest);
        return agrees ? result : placement;
    }

    /// <summary>The image scalar at the same place in the object as written: same kind, the name kustomize prefixed or suffixed, the same container.</summary>
    private static YamlScalar? WrittenImage(SourceText written, ManifestObject rendered, ImageOccurrence image)
    {
        var parsed = YamlDocumentParser.Parse(written.Text);
        var renderedName = rendered.Identity.Name ?? "";
        var candidates = parsed.Documents
            .SelectMany(document => ImageExtractor.Objects(written, document))
            .Where(obj => obj.Identity.Kind == rendered.Identity.Kind
                && renderedName.Contains(obj.Identity.Name ?? "\0", StringComparison.Ordinal))
            .OrderByDescending(obj => obj.Identity.Name == renderedName)
            .ThenByDescending(obj => obj.Identity.Name!.Length);
        foreach (var obj in candidates)
        {
            if (ImageExtractor.PodTemplate(obj) is not { } pod)
            {
                continue;
            }
            var images = ImageExtractor.Images(pod).ToList();
            var match = images.FirstOrDefault(i => image.Container is not null
                    && i.Container == image.Container && ListOf(i.Field) == ListOf(image.Field))
                ?? images.FirstOrDefault(i => i.Field == image.Field);
            if (match is not null)
            {
                return match.Scalar;
            }
        }
        return null;
    }

    /// <summary>`spec.template.spec.containers[1].image` → `spec.template.spec.containers`.</summary>
    private static string ListOf(string field)
    {
        var bracket = field.LastIndexOf('[');
        return bracket < 0 ? field : field[..bracket];
    }

    private static DocumentOrigin OriginOf(YamlNode document, string wrapperDirectory)
    {
        var annotations = document.At("metadata", "annotations") as YamlMapping;
        string? file = null;
        if (annotations?.ScalarAt(OriginAnnotation) is { } originText
            && ParsedYaml.First(YamlDocumentParser.Parse(originText)) is YamlMapping origin
            && origin.ScalarAt("path") is { Length: > 0 } path && origin["repo"] is null)
        {
            file = Path.GetFullPath(path, wrapperDirectory);
        }
        var transformers = new List<string>();
        if (annotations?.ScalarAt(TransformationsAnnotation) is { } transformationsText
            && ParsedYaml.First(YamlDocumentParser.Parse(transformationsText)) is YamlSequence transformations)
        {
            foreach (var transformation in transformations.Items.OfType<YamlMapping>())
            {
                if (transformation.ScalarAt("configuredBy", "kind") == ImageTransformer
                    && transformation.ScalarAt("configuredIn") is { Length: > 0 } configuredIn)
                {
                    transformers.Add(Path.GetFullPath(configuredIn, wrapperDirectory));
                }
            }
        }
        return new DocumentOrigin(file, transformers);
    }

    /// <summary>
    /// Takes the two build annotations out of kustomize's output, and an `annotations:` left empty by that.
    /// kustomize prints block style with the annotations' values as literal blocks, so lines tell where they end.
    /// </summary>
    public static string StripBuildMetadata(string rendered)
    {
        var lines = rendered.Split('\n');
        var kept = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (trimmed.StartsWith(OriginAnnotation + ":", StringComparison.Ordinal)
                || trimmed.StartsWith(TransformationsAnnotation + ":", StringComparison.Ordinal))
            {
                var indent = Indent(lines[i]);
                while (i + 1 < lines.Length && lines[i + 1].Length > 0 && Indent(lines[i + 1]) > indent)
                {
                    i++;
                }
                continue;
            }
            kept.Add(lines[i]);
        }
        var result = new StringBuilder(rendered.Length);
        for (var i = 0; i < kept.Count; i++)
        {
            var isEmptyAnnotations = kept[i].TrimStart() == "annotations:"
                && (i + 1 >= kept.Count || kept[i + 1].Length == 0 || Indent(kept[i + 1]) <= Indent(kept[i]));
            if (!isEmptyAnnotations)
            {
                result.Append(kept[i]);
                if (i < kept.Count - 1)
                {
                    result.Append('\n');
                }
            }
        }
        return result.ToString();
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;
}
