using System.Text;
using ManifestGuard.Discovery;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>
/// All distinct marked values texts of one chart rendered by one `helm template`: a `helm template` costs mostly
/// Helm's own start-up, so a chart with several variants pays it once for their marked renders. The chart is
/// included once per marked text in a temporary parent chart, each time under an alias of its own (`v0`, `v1`,
/// ...) whose values are that marked text, and Helm's output is split by alias on its `# Source:` lines.
/// </summary>
/// <remarks>
/// A chart rendered as an alias is not the chart rendered alone, which is why a batched result is only used
/// where it lines up with the variant's own render (<see cref="HelmRenderer"/>) and otherwise the variant gets
/// its own marked render. What differs, from Helm's loader, dependency and values code:
/// <list type="bullet">
/// <item>`.Chart.Name` is the alias (Helm copies the chart's metadata and renames the copy), and `.Template.Name`
/// and `.Template.BasePath` carry `batch/charts/vK/`: a template that writes either into an image or a kind
/// renders otherwise.</item>
/// <item>The chart's values are its alias key's table in the parent's values, coalesced over its values.yaml as
/// Helm coalesces a subchart's (nulls delete defaults there too). The parent sets no globals, and Helm copies
/// globals only from parent to subchart, so each alias keeps the `global:` of its own marked text and passes it
/// on to the chart's own dependencies, as a render of the chart alone does.</item>
/// <item>The chart's own dependencies (under its charts/, import-values) are processed below the alias, Helm
/// copying them per alias; their conditions are read at paths prefixed by the alias, as they should be, but
/// `tags:` only from the top of the values, where the batch has none: a dependency that the chart's tags turn
/// off renders in the batch, and its documents make the variant fall back.</item>
/// <item>The chart is reached through a symbolic link in the parent's charts/ (Helm's loader follows links to
/// folders, printing a warning); the parent's `.helmignore` applies, not the chart's, so files the chart
/// ignores would be rendered: extra documents that make the variant fall back.</item>
/// <item>Output order: Helm sorts manifests by file path and then, stably, by kind, so each alias's documents keep
/// the order of a render of the chart alone; the aliases are interleaved, and the split keeps that order.</item>
/// <item>values.schema.json is checked per subchart against its alias's values, where a marker string may
/// break a pattern or an enum; marked renders pass `--skip-schema-validation` (validation never changes what
/// renders, and the variant's own render was validated). A Helm older than that flag rejects it as unknown:
/// the render is run again without it, and a marker that breaks the schema fails that render as before.</item>
/// </list>
/// A batch that fails as a whole (Helm's error, output that does not split by alias) gives no result, and each
/// variant gets its own marked render.
/// </remarks>
internal static class HelmMarkedBatch
{
    private const string ParentName = "batch";
    private const string DocumentStart = "---\n# Source: ";

    /// <summary>
    /// The marked render of each distinct marked text of the chart's variants, by text; empty when fewer than two
    /// texts (a batch would save nothing), when the chart cannot be linked, or when the batch fails.
    /// </summary>
    public static IReadOnlyDictionary<string, HelmMarkedRenders.MarkedRender> Render(
        string chart,
        IEnumerable<IReadOnlyList<string>> variants,
        Func<IReadOnlyList<string>, string, HelmMarkedRenders.Output> runMarked)
    {
        var texts = MarkedTexts(chart, variants);
        if (texts.Count < 2 || ChartIdentity(chart) is not { } identity)
        {
            return new Dictionary<string, HelmMarkedRenders.MarkedRender>();
        }
        var folder = Directory.CreateTempSubdirectory("manifestguard-helm-");
        try
        {
            if (!Write(folder.FullName, chart, identity, texts))
            {
                return new Dictionary<string, HelmMarkedRenders.MarkedRender>();
            }
            HelmMarkedRenders.Output output;
            try
            {
                output = runMarked([Path.Combine(folder.FullName, "marked.yaml")], folder.FullName);
            }
            catch (RenderException)
            {
                // The batch renders the chart once per text and may overrun the timeout where one render would not.
                return new Dictionary<string, HelmMarkedRenders.MarkedRender>();
            }
            var split = output.ExitCode == 0 ? Split(output.Stdout, texts.Count) : null;
            var result = new Dictionary<string, HelmMarkedRenders.MarkedRender>(StringComparer.Ordinal);
            for (var i = 0; split is not null && i < texts.Count; i++)
            {
                var parsed = YamlDocumentParser.Parse(split[i]);
                if (parsed.Error is null)
                {
                    result[texts[i]] =
                        new HelmMarkedRenders.MarkedRender(split[i], parsed.Documents) { Batched = true };
                }
            }
            return result;
        }
        finally
        {
            HelmMarkedRenders.DeleteQuietly(folder);
        }
    }

    /// <summary>The distinct texts of the variants whose markers are keyed by path (one merged file each).</summary>
    private static List<string> MarkedTexts(string chart, IEnumerable<IReadOnlyList<string>> variants)
    {
        var texts = new List<string>();
        foreach (var variant in variants)
        {
            var paths = ((IEnumerable<string>)[Path.Combine(chart, "values.yaml")]).Concat(variant)
                .Where(File.Exists)
                .ToList();
            var files = paths
                .Select(file => ReadOrNull(file) is { } text ? new SourceText(file, file, text) : null)
                .OfType<SourceText>()
                .ToList();
            if (files.Count == paths.Count
                && HelmValueMarkers.ByPath(files) is { } markers
                && !texts.Contains(markers.MarkedTexts[0]))
            {
                texts.Add(markers.MarkedTexts[0]);
            }
        }
        return texts;
    }

    /// <summary>The chart's name and version from its Chart.yaml, which a dependency entry must name.</summary>
    private static (string Name, string Version)? ChartIdentity(string chart)
    {
        if (ReadOrNull(Path.Combine(chart, RenderPlan.ChartFileName)) is not { } text)
        {
            return null;
        }
        var parsed = YamlDocumentParser.Parse(text);
        return parsed.Error is null && parsed.Documents.Count == 1
            && parsed.Documents[0].ScalarAt("name") is { Length: > 0 } name
            && parsed.Documents[0].ScalarAt("version") is { Length: > 0 } version
                ? (name, version)
                : null;
    }

    /// <summary>A file's text, or null when it cannot be read (the variant's own render reports that).</summary>
    private static string? ReadOrNull(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The parent chart: Chart.yaml with one aliased dependency per text, charts/&lt;name&gt; linked to the chart,
    /// and the values file with each text under its alias. False when the link cannot be made.
    /// </summary>
    private static bool Write(string folder, string chart, (string Name, string Version) identity, List<string> texts)
    {
        var charts = Directory.CreateDirectory(Path.Combine(folder, "charts"));
        try
        {
            File.CreateSymbolicLink(Path.Combine(charts.FullName, "chart"), chart);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
        var manifest = new StringBuilder($"apiVersion: v2\nname: {ParentName}\nversion: 0.0.0\ndependencies:\n");
        var values = new StringBuilder();
        for (var i = 0; i < texts.Count; i++)
        {
            // The exact version as the constraint: Helm matches an alias to a chart by name and version.
            manifest.Append("  - {name: ").Append(HelmValueMarkers.Quoted(identity.Name))
                .Append(", version: ").Append(HelmValueMarkers.Quoted(identity.Version))
                .Append($", alias: v{i}}}\n");
            values.Append($"v{i}: ").Append(texts[i]);
        }
        File.WriteAllText(Path.Combine(folder, RenderPlan.ChartFileName), manifest.ToString());
        File.WriteAllText(Path.Combine(folder, "marked.yaml"), values.ToString());
        return true;
    }

    /// <summary>
    /// Helm's output split by alias, each alias's documents in their order; null when a document does not come
    /// from an alias (the batch did not render as planned).
    /// </summary>
    private static string[]? Split(string output, int aliases)
    {
        var parts = Enumerable.Range(0, aliases).Select(_ => new StringBuilder()).ToArray();
        var starts = new List<int>();
        for (var at = 0; at < output.Length; at = NextLine(output, at))
        {
            if (string.CompareOrdinal(output, at, DocumentStart, 0, DocumentStart.Length) == 0)
            {
                starts.Add(at);
            }
        }
        if (starts.Count == 0 || output[..starts[0]].Trim().Length > 0)
        {
            return null;
        }
        for (var k = 0; k < starts.Count; k++)
        {
            var end = k + 1 < starts.Count ? starts[k + 1] : output.Length;
            var pathStart = starts[k] + DocumentStart.Length;
            if (AliasOf(output[pathStart..end]) is not { } alias || alias >= aliases)
            {
                return null;
            }
            parts[alias].Append(output, starts[k], end - starts[k]);
        }
        return [.. parts.Select(part => part.ToString())];
    }

    private static int NextLine(string text, int at) =>
        text.IndexOf('\n', at) is var end and >= 0 ? end + 1 : text.Length;

    /// <summary>K of a `# Source:` path `batch/charts/vK/...`, or null.</summary>
    private static int? AliasOf(string path)
    {
        const string prefix = ParentName + "/charts/v";
        var slash = path.IndexOf('/', Math.Min(prefix.Length, path.Length));
        return path.StartsWith(prefix, StringComparison.Ordinal) && slash > prefix.Length
            && int.TryParse(path.AsSpan(prefix.Length, slash - prefix.Length), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var alias)
                ? alias
                : null;
    }
}
