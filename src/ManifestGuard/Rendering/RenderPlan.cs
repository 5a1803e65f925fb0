using ManifestGuard.Discovery;

namespace ManifestGuard.Rendering;

/// <summary>
/// Which files of a scan are read as written and which reach the scan through a renderer. A chart's files
/// (templates, values) are the chart's; a file that kustomization roots use (resources, patches, the
/// kustomizations themselves) is the roots'. Each root or chart that holds a scanned file is rendered,
/// so a scan of one file checks it as every root using it deploys it.
/// </summary>
/// <param name="AsWritten">The files scanned as they are.</param>
/// <param name="Targets">The renders to run, each once.</param>
/// <param name="Consumed">How many scanned files are checked through renders instead.</param>
internal sealed record RenderPlan(IReadOnlyList<ScanInput> AsWritten, IReadOnlyList<RenderTarget> Targets, int Consumed)
{
    public const string ChartFileName = "Chart.yaml";

    /// <param name="listing">
    /// The run's listing, where kustomizations and charts are looked for; without one, the scan root is listed
    /// (and the folders of inputs outside it).
    /// </param>
    public static RenderPlan For(
        IReadOnlyList<ScanInput> inputs, string scanRoot, RenderSettings settings, RepositoryListing? listing = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            return new RenderPlan(inputs, [], 0);
        }
        listing ??= RepositoryListing.Create(
            null,
            inputs.Select(input => FileDiscovery.IsOutside(Path.GetRelativePath(scanRoot, input.FullPath))
                    ? Path.GetDirectoryName(input.FullPath)!
                    : scanRoot)
                .Distinct(StringComparer.Ordinal),
            respectGitIgnore: false);
        var layout = RepositoryLayout.Find(listing, inputs);
        var charts = layout.Charts
            .Where(chart => !layout.Charts.Any(other => other != chart && IsUnder(chart, other)))
            .ToList();
        var owners = settings.Enabled
            ? KustomizationOwners(layout.Kustomizations)
            : new Dictionary<string, List<string>>(StringComparer.Ordinal);

        var asWritten = new List<ScanInput>();
        var targets = new Dictionary<string, RenderTarget>(StringComparer.Ordinal);
        var consumed = 0;
        foreach (var input in inputs)
        {
            if (layout.Charts.FirstOrDefault(chart => IsUnder(input.FullPath, chart)) is { } anyChart)
            {
                // A chart's files are never manifests as written; without rendering, only its templates are left out.
                if (!settings.Enabled)
                {
                    if (!IsUnder(input.FullPath, Path.Combine(anyChart, "templates")))
                    {
                        asWritten.Add(input);
                    }
                    continue;
                }
                var chart = charts.First(top => IsUnder(input.FullPath, top));
                foreach (var variant in Variants(chart, settings))
                {
                    var chartFile = Path.Combine(chart, ChartFileName);
                    var target = new RenderTarget(RenderTargetKind.HelmChart, chart, variant, chartFile);
                    targets.TryAdd(target.Key, target);
                }
                consumed++;
                continue;
            }
            if (owners.TryGetValue(input.FullPath, out var roots))
            {
                foreach (var root in roots)
                {
                    var file = KustomizationFile.In(root) ?? root;
                    var target = new RenderTarget(RenderTargetKind.Kustomization, root, [], file);
                    targets.TryAdd(target.Key, target);
                }
                consumed++;
                continue;
            }
            asWritten.Add(input);
        }
        return new RenderPlan(asWritten, [.. targets.Values.OrderBy(t => t.Key, StringComparer.Ordinal)], consumed);
    }

    /// <summary>Each file a kustomization uses (and each kustomization file) → the roots whose render includes it.</summary>
    private static Dictionary<string, List<string>> KustomizationOwners(IReadOnlyList<KustomizationFile> kustomizations)
    {
        var byDirectory = kustomizations.ToDictionary(k => k.Directory, StringComparer.Ordinal);
        var included = kustomizations.SelectMany(k => k.IncludedDirectories).ToHashSet(StringComparer.Ordinal);
        var owners = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var root in kustomizations.Where(k => !k.IsComponent && !included.Contains(k.Directory)))
        {
            var visited = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>();
            pending.Push(root.Directory);
            while (pending.Count > 0)
            {
                var directory = pending.Pop();
                if (!visited.Add(directory) || !byDirectory.TryGetValue(directory, out var kustomization))
                {
                    continue;
                }
                foreach (var file in kustomization.Files.Append(kustomization.Path))
                {
                    if (!owners.TryGetValue(file, out var list))
                    {
                        owners[file] = list = [];
                    }
                    if (!list.Contains(root.Directory))
                    {
                        list.Add(root.Directory);
                    }
                }
                foreach (var next in kustomization.IncludedDirectories)
                {
                    pending.Push(next);
                }
            }
        }
        return owners;
    }

    /// <summary>The configured variants of a chart, else values.yaml alone and once more with each `values-*.yaml` beside Chart.yaml.</summary>
    internal static IEnumerable<IReadOnlyList<string>> Variants(string chart, RenderSettings settings)
    {
        if (settings.Charts.TryGetValue(chart, out var configured))
        {
            return configured;
        }
        var more = Directory.EnumerateFiles(chart, "values-*.*")
            .Where(file => file.EndsWith(".yaml", StringComparison.Ordinal)
                || file.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(file => (IReadOnlyList<string>)[file]);
        return more.Prepend([]);
    }

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
