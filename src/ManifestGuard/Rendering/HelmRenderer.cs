using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>
/// Renders one variant of a chart with `helm template` (the chart's values.yaml, then the variant's values
/// files), and places each image: at the values line that set each part, found by a render with marked
/// values (<see cref="HelmValueMarkers"/>), shared by the variants whose marked values are the same text,
/// rendered for all of a chart's variants in one batch where that lines up with the variant's own render
/// (<see cref="HelmMarkedRenders"/>), and skipped when no marked value occurs in any image; a part no value
/// set is placed at the template the document came from (`# Source:`), at the image's line when the template
/// shows it unambiguously.
/// </summary>
internal static class HelmRenderer
{
    private const string SourceComment = "# Source: ";

    /// <param name="markedRenders">
    /// The run's marked renders, shared by the variants of a chart; null for renders of this call alone.
    /// </param>
    public static RenderedSource Render(
        string chart,
        IReadOnlyList<string> valuesFiles,
        string scanRoot,
        RenderSettings settings,
        HelmMarkedRenders? markedRenders = null)
    {
        var helm = RendererPrograms.Helm(settings);
        var files = new RepositoryFiles(scanRoot);
        var chartDisplay = files.Display(chart);
        var variant = string.Join(
            ", ", valuesFiles.Select(file => Path.GetRelativePath(chart, file).Replace('\\', '/')));
        var origin = variant.Length == 0 ? $"chart {chartDisplay}" : $"chart {chartDisplay} with {variant}";
        var release = ReleaseName(chart);

        var output = RendererProcess.Run(helm, Arguments(release, valuesFiles), chart, settings.Timeout);
        if (output.ExitCode != 0)
        {
            throw new RenderException(
                $"`helm template` of {chartDisplay} failed: {RenderFailure.Message(output.Stderr)}");
        }
        var name = variant.Length == 0 ? $"<helm {chartDisplay}>" : $"<helm {chartDisplay} {variant}>";
        var source = new SourceText(name, null, output.Stdout);
        var parsed = YamlDocumentParser.Parse(output.Stdout);
        if (parsed.Error is { } error)
        {
            throw new RenderException(
                $"`helm template` of {chartDisplay} printed YAML that does not parse "
                + $"({error.Line}:{error.Column}: {error.Message})");
        }
        var images = parsed.Documents.Select(document => ImagesOf(source, document)).ToList();

        var valuesTexts = new List<SourceText>();
        foreach (var file in ((IEnumerable<string>)[Path.Combine(chart, "values.yaml")]).Concat(valuesFiles))
        {
            if (File.Exists(file) && files.Get(file) is { } text)
            {
                valuesTexts.Add(text);
            }
        }
        var markers = HelmValueMarkers.For(valuesTexts);
        markedRenders ??= new HelmMarkedRenders([valuesFiles]);
        var marked = markers.Count > 0 && markers.AnyOccursIn(images.SelectMany(i => i).Select(i => i.Raw))
            ? markedRenders.Get(helm, release, chart, markers, settings)
            : null;
        if (marked is { Batched: true } && !LinesUp(marked, parsed.Documents, images, markers, name))
        {
            marked = markedRenders.GetOwn(helm, release, chart, markers, settings);
        }

        var chartFile = new SourceLocation(
            files.Display(Path.Combine(chart, RenderPlan.ChartFileName)), SourceSpan.At(1, 1));
        var sources = SourceLines(output.Stdout);
        var placements = new Dictionary<int, ImagePlacement>();
        var documentFiles = new List<(int, SourceLocation)>();
        var aligned = marked is not null && marked.Documents.Count == parsed.Documents.Count;
        for (var i = 0; i < parsed.Documents.Count; i++)
        {
            var document = parsed.Documents[i];
            var template = TemplateOf(sources, document.Span.StartLine, chart);
            documentFiles.Add((document.Span.StartLine, template is not null && File.Exists(template)
                ? new SourceLocation(files.Display(template), SourceSpan.At(1, 1))
                : chartFile));
            var markedImages = aligned
                ? ImagesOf(new SourceText(name, null, marked!.Text), marked.Documents[i])
                : [];
            foreach (var image in images[i])
            {
                var markedImage = markedImages.FirstOrDefault(
                    m => m.Field == image.Field && m.Pod.Owner.Identity.Kind == image.Pod.Owner.Identity.Kind);
                var atTemplate = TemplateLocation(template, image.Raw, files, chartFile, out var note);
                var placement = new ImagePlacement(atTemplate.Location, null, null, null, origin, atTemplate.Comments)
                {
                    Note = note,
                };
                placements[image.Scalar.Span.StartOffset] = markedImage is null
                    ? placement
                    : FromMarkers(placement, image.Raw, markedImage.Raw, markers);
            }
        }
        return new RenderedSource(source, origin, placements, documentFiles) { Files = files.All };
    }

    /// <summary>`helm template` of the chart in the working folder with these values files, in order.</summary>
    internal static List<string> Arguments(string release, IEnumerable<string> valuesFiles)
    {
        var arguments = new List<string> { "template", release, "." };
        foreach (var file in valuesFiles)
        {
            arguments.Add("--values");
            arguments.Add(file);
        }
        return arguments;
    }

    /// <summary>
    /// Whether a batched marked render (the chart rendered as an alias) lines up with the variant's own render:
    /// the same documents of the same kinds, the same image fields, and each marked image with its values put
    /// back equal to the rendered one. Anything else (a template that prints `.Chart.Name` or its own path, a
    /// file the chart's `.helmignore` leaves out) makes the variant take a marked render of its own.
    /// </summary>
    private static bool LinesUp(
        HelmMarkedRenders.MarkedRender marked,
        IReadOnlyList<YamlNode> documents,
        List<List<ImageOccurrence>> images,
        HelmValueMarkers markers,
        string name)
    {
        if (marked.Documents.Count != documents.Count)
        {
            return false;
        }
        var source = new SourceText(name, null, marked.Text);
        for (var i = 0; i < documents.Count; i++)
        {
            var markedImages = ImagesOf(source, marked.Documents[i]);
            if (marked.Documents[i].ScalarAt("kind") != documents[i].ScalarAt("kind")
                || markedImages.Count != images[i].Count)
            {
                return false;
            }
            for (var j = 0; j < markedImages.Count; j++)
            {
                if (markedImages[j].Field != images[i][j].Field
                    || ValuesPutBack(markedImages[j].Raw, markers, out _) != images[i][j].Raw)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>
    /// The marked image with each marker replaced by its value, and where each value landed; null when a marker
    /// is not one of these values' markers.
    /// </summary>
    private static string? ValuesPutBack(
        string marked, HelmValueMarkers markers, out List<(int Start, int End, int Id)> pieces)
    {
        pieces = [];
        var rebuilt = new System.Text.StringBuilder();
        var last = 0;
        foreach (var (start, length, id) in HelmValueMarkers.Find(marked))
        {
            if (id >= markers.Count)
            {
                return null;
            }
            rebuilt.Append(marked, last, start - last);
            var unquoted = markers[id].Value;
            pieces.Add((rebuilt.Length, rebuilt.Length + unquoted.Length, id));
            rebuilt.Append(unquoted);
            last = start + length;
        }
        return rebuilt.Append(marked, last, marked.Length - last).ToString();
    }

    /// <summary>
    /// Puts the marked image's values back: when that gives exactly the rendered image, each part of the image
    /// is placed at the values line whose marker produced its characters (the registry's line for the name).
    /// </summary>
    private static ImagePlacement FromMarkers(
        ImagePlacement placement, string rendered, string marked, HelmValueMarkers markers)
    {
        if (ValuesPutBack(marked, markers, out var pieces) != rendered || pieces.Count == 0)
        {
            return placement;
        }
        var parts = ImageText.Split(rendered);
        SourceLocation? At(int from, int to)
        {
            var piece = pieces.FirstOrDefault(p => p.Start < to && p.End > from);
            return piece.End > piece.Start ? markers[piece.Id].Location : null;
        }
        var tag = parts.Tag is null ? null : At(parts.TagStart, parts.TagStart + parts.Tag.Length);
        var result = placement with
        {
            Name = At(0, parts.NameEnd),
            Tag = tag,
            Digest = parts.Digest is null ? null : At(parts.DigestStart, rendered.Length),
        };
        // Suppression comments belong where a user edits the version: the values line of the tag.
        var commentsAt = tag is not null ? pieces.First(p => markers[p.Id].Location == tag).Id : -1;
        return commentsAt < 0
            ? result
            : result with { Comments = SuppressionFinder.Capture(markers[commentsAt].File, tag!.Span.StartLine) };
    }

    private static List<ImageOccurrence> ImagesOf(SourceText source, YamlNode document)
    {
        var images = new List<ImageOccurrence>();
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        foreach (var obj in ImageExtractor.Objects(source, document))
        {
            if (ImageExtractor.PodTemplate(obj) is { } pod)
            {
                images.AddRange(ImageExtractor.Images(pod, seen));
            }
        }
        return images;
    }

    /// <summary>The `# Source:` lines of Helm's output: line number → path as Helm prints it (`chartname/templates/x.yaml`).</summary>
    private static List<(int Line, string Path)> SourceLines(string text)
    {
        var result = new List<(int, string)>();
        var line = 1;
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }
            if (string.CompareOrdinal(text, start, SourceComment, 0, SourceComment.Length) == 0)
            {
                result.Add((line, text[(start + SourceComment.Length)..end].TrimEnd('\r').Trim()));
            }
            start = end + 1;
            line++;
        }
        return result;
    }

    /// <summary>The template file of the document starting at a line: the last `# Source:` before it, without the chart's name.</summary>
    private static string? TemplateOf(List<(int Line, string Path)> sources, int documentLine, string chart)
    {
        string? path = null;
        foreach (var (line, source) in sources)
        {
            if (line > documentLine)
            {
                break;
            }
            path = source;
        }
        var slash = path?.IndexOf('/') ?? -1;
        return slash < 0 ? null : Path.GetFullPath(path![(slash + 1)..], chart);
    }

    /// <summary>
    /// The image's line in its template when exact (the image written there literally once, or a single
    /// `image:` line), else the template's first line, saying so; Chart.yaml when the template is inside a
    /// packaged dependency.
    /// </summary>
    private static (SourceLocation Location, SuppressionContext Comments) TemplateLocation(
        string? template, string image, RepositoryFiles files, SourceLocation chartFile, out string? note)
    {
        if (template is null || !File.Exists(template) || files.Get(template) is not { } text)
        {
            note = template is null
                ? "no template named"
                : $"from {Path.GetFileName(template)} in a packaged dependency";
            return (chartFile, SuppressionContext.None);
        }
        var lines = text.Text.Split('\n');
        var literal = Enumerable.Range(0, lines.Length)
            .Where(i => lines[i].Contains(image, StringComparison.Ordinal))
            .ToList();
        var imageKeys = Enumerable.Range(0, lines.Length).Where(i => IsImageKey(lines[i])).ToList();
        var line = literal.Count == 1 ? literal[0] : imageKeys.Count == 1 && literal.Count == 0 ? imageKeys[0] : -1;
        if (line < 0)
        {
            note = "the line in the template is not determined";
            return (new SourceLocation(text.DisplayPath, SourceSpan.At(1, 1)), SuppressionContext.None);
        }
        note = null;
        var column = lines[line].IndexOf("image", StringComparison.Ordinal) + 1;
        var location = new SourceLocation(text.DisplayPath, SourceSpan.At(line + 1, Math.Max(1, column)));
        return (location, SuppressionFinder.Capture(text, line + 1));
    }

    private static bool IsImageKey(string line)
    {
        var trimmed = line.TrimStart().TrimStart('-').TrimStart();
        return trimmed.StartsWith("image:", StringComparison.Ordinal);
    }

    /// <summary>A release name Helm accepts, from the chart's folder name.</summary>
    private static string ReleaseName(string chart)
    {
        var letters = Path.GetFileName(chart).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-');
        var name = new string(letters.ToArray()).Trim('-');
        return name.Length is > 0 and <= 53 ? name : "release";
    }
}
