using System.Collections.Concurrent;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>
/// The marked renders of one run: a `helm template` costs mostly Helm's own start-up, so the first variant of a
/// chart that needs one renders the marked texts of all the chart's variants in one process
/// (<see cref="HelmMarkedBatch"/>), and a variant whose text the batch did not render, or whose batched render
/// does not line up with its own, gets a render of its own, each distinct text once. Safe for the renders
/// running in parallel: a variant asking for a render under way waits for it.
/// </summary>
/// <param name="variants">
/// The variants of every chart of the run (values files after values.yaml); null to take them as the scan does,
/// from configuration or the `values-*.yaml` beside Chart.yaml.
/// </param>
internal sealed class HelmMarkedRenders(IReadOnlyList<IReadOnlyList<string>>? variants = null)
{
    private const string SkipSchemaValidation = "--skip-schema-validation";

    private readonly ConcurrentDictionary<string, Lazy<MarkedRender?>> _renders = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<string, MarkedRender>>> _batches =
        new(StringComparer.Ordinal);

    /// <summary>Whether this helm accepts `--skip-schema-validation`, until one says it does not.</summary>
    private volatile bool _skipsSchemaValidation = true;

    /// <summary>The chart rendered with marked values, as Helm printed it and parsed.</summary>
    internal sealed record MarkedRender(string Text, IReadOnlyList<YamlNode> Documents)
    {
        /// <summary>Rendered as an alias in a batch: used only where it lines up with the variant's render.</summary>
        public bool Batched { get; init; }
    }

    internal sealed record Output(int ExitCode, string Stdout);

    /// <summary>
    /// The chart rendered with the marked texts as values files, from the chart's batch when it holds the text;
    /// null when that render fails (images are then placed at templates).
    /// </summary>
    public MarkedRender? Get(
        string helm, string release, string chart, HelmValueMarkers markers, RenderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(markers);
        ArgumentNullException.ThrowIfNull(settings);
        if (markers.IsByPath)
        {
            var batch = _batches.GetOrAdd(
                    string.Join('\0', helm, release, chart),
                    _ => new Lazy<IReadOnlyDictionary<string, MarkedRender>>(
                        () => HelmMarkedBatch.Render(
                            chart,
                            variants ?? RenderPlan.Variants(chart, settings),
                            (values, folder) => RunMarked(helm, release, values, folder, settings)),
                        LazyThreadSafetyMode.ExecutionAndPublication))
                .Value;
            if (batch.TryGetValue(markers.MarkedTexts[0], out var batched))
            {
                return batched;
            }
        }
        return GetOwn(helm, release, chart, markers, settings);
    }

    /// <summary>The chart rendered alone with the marked texts, once per distinct text; null when that fails.</summary>
    public MarkedRender? GetOwn(
        string helm, string release, string chart, HelmValueMarkers markers, RenderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var key = string.Join('\0', [helm, release, chart, .. markers.MarkedTexts]);
        return _renders
            .GetOrAdd(key, _ => new Lazy<MarkedRender?>(
                () => Render(helm, release, chart, markers.MarkedTexts, settings),
                LazyThreadSafetyMode.ExecutionAndPublication))
            .Value;
    }

    private MarkedRender? Render(
        string helm, string release, string chart, IReadOnlyList<string> markedTexts, RenderSettings settings)
    {
        var folder = Directory.CreateTempSubdirectory("manifestguard-helm-");
        try
        {
            var paths = new List<string>();
            for (var i = 0; i < markedTexts.Count; i++)
            {
                var path = Path.Combine(folder.FullName, $"marked-{i}.yaml");
                File.WriteAllText(path, markedTexts[i]);
                paths.Add(path);
            }
            var output = RunMarked(helm, release, paths, chart, settings);
            if (output.ExitCode != 0)
            {
                return null;
            }
            var parsed = YamlDocumentParser.Parse(output.Stdout);
            return parsed.Error is null ? new MarkedRender(output.Stdout, parsed.Documents) : null;
        }
        finally
        {
            DeleteQuietly(folder);
        }
    }

    /// <summary>
    /// `helm template` of the chart in a folder with marked values, skipping the values schema (a marker may break
    /// a pattern or an enum; validation never changes what renders); run again without that flag when this helm
    /// is older than it.
    /// </summary>
    private Output RunMarked(
        string helm, string release, IReadOnlyList<string> values, string folder, RenderSettings settings)
    {
        if (_skipsSchemaValidation)
        {
            var output = RendererProcess.Run(
                helm, [.. HelmRenderer.Arguments(release, values), SkipSchemaValidation], folder, settings.Timeout);
            if (output.ExitCode == 0 || !output.Stderr.Contains(SkipSchemaValidation, StringComparison.Ordinal))
            {
                return new Output(output.ExitCode, output.Stdout);
            }
            _skipsSchemaValidation = false;
        }
        var plain = RendererProcess.Run(helm, HelmRenderer.Arguments(release, values), folder, settings.Timeout);
        return new Output(plain.ExitCode, plain.Stdout);
    }

    /// <summary>Deletes a temporary folder (a link in it, not what it points to); one left behind is harmless.
    /// </summary>
    internal static void DeleteQuietly(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
