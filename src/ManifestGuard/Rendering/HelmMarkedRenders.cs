using System.Collections.Concurrent;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>
/// The marked renders of one run, each chart with each distinct marked text rendered once: a `helm template`
/// costs mostly Helm's own start-up, so variants whose marked values are the same text (a values-prod.yaml that
/// only changes strings) share one. Safe for the renders running in parallel: a variant asking for a render
/// under way waits for it.
/// </summary>
internal sealed class HelmMarkedRenders
{
    private readonly ConcurrentDictionary<string, Lazy<MarkedRender?>> _renders = new(StringComparer.Ordinal);

    /// <summary>The chart rendered with marked values, as Helm printed it and parsed.</summary>
    internal sealed record MarkedRender(string Text, IReadOnlyList<YamlNode> Documents);

    /// <summary>
    /// The chart rendered with the marked texts as values files; null when that render fails (images are then
    /// placed at templates).
    /// </summary>
    public MarkedRender? Get(
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

    private static MarkedRender? Render(
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
            var output = RendererProcess.Run(helm, HelmRenderer.Arguments(release, paths), chart, settings.Timeout);
            if (output.ExitCode != 0)
            {
                return null;
            }
            var parsed = YamlDocumentParser.Parse(output.Stdout);
            return parsed.Error is null ? new MarkedRender(output.Stdout, parsed.Documents) : null;
        }
        finally
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
}
