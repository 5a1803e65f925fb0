using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Policies;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Init;

/// <summary>
/// What `init` found in a repository, with the same discovery and scan `check` uses (default include
/// globs, no configuration): where images come from, policy objects, kustomizations and Helm charts.
/// </summary>
/// <param name="Registries">Allow-list patterns (a host; on Docker Hub its organization) with how many image references
/// use each, most used first.</param>
/// <param name="PolicyObjects">`Kind/name (file:line)` of each policy object among the manifests.</param>
/// <param name="Kustomizations">Paths of kustomization files.</param>
/// <param name="HelmCharts">Folders holding a `Chart.yaml`.</param>
/// <param name="PolicyFiles">Files named like a containers `policy.json`.</param>
internal sealed record RepositorySurvey(
    string RootDirectory,
    int FilesScanned,
    IReadOnlyList<(string Pattern, int Images)> Registries,
    IReadOnlyList<string> PolicyObjects,
    IReadOnlyList<string> Kustomizations,
    IReadOnlyList<string> HelmCharts,
    IReadOnlyList<string> PolicyFiles)
{
    private static readonly string[] KustomizationNames = ["kustomization.yaml", "kustomization.yml"];

    public static RepositorySurvey Of(string path, string currentDirectory)
    {
        var full = Path.GetFullPath(path, currentDirectory);
        var root = ScanRoot.For(full, currentDirectory);
        var config = ManifestGuardConfig.Default;
        var inputs = FileDiscovery.Discover([full], root, config.Include, config.Exclude);
        var scan = new ManifestScanner(config, RuleCatalog.Default).Scan(inputs, root);

        var registries = scan.Images
            .Where(image => image.Reference is not null)
            .GroupBy(image => AllowPattern(image.Reference!), StringComparer.Ordinal)
            .Select(group => (Pattern: group.Key, Images: group.Count()))
            .OrderByDescending(r => r.Images)
            .ThenBy(r => r.Pattern, StringComparer.Ordinal)
            .ToList();
        var names = inputs.Select(i => i.DisplayPath).ToList();
        return new RepositorySurvey(
            root,
            scan.FilesScanned,
            registries,
            PolicyObjectsIn(inputs, config.MaxFileSize),
            [.. names.Where(n => KustomizationNames.Contains(FileName(n), StringComparer.Ordinal))],
            [.. names.Where(n => FileName(n) == "Chart.yaml").Select(ChartFolder)],
            [.. names.Where(n => FileName(n) == "policy.json")]);
    }

    /// <summary>
    /// The host, and on Docker Hub the organization too: allowing all of Docker Hub is rarely what is meant.
    /// </summary>
    private static string AllowPattern(References.ImageReference reference) =>
        reference.Registry == "docker.io" ? "docker.io/" + reference.Repository.Split('/')[0] : reference.Registry;

    private static string FileName(string displayPath) => displayPath[(displayPath.LastIndexOf('/') + 1)..];

    private static string ChartFolder(string chartFile) => chartFile.Contains('/') ? chartFile[..chartFile.LastIndexOf('/')] : ".";

    private static List<string> PolicyObjectsIn(IReadOnlyList<ScanInput> inputs, long maxFileSize)
    {
        var found = new List<string>();
        foreach (var input in inputs)
        {
            SourceText source;
            try
            {
                source = SourceReader.Read(input, maxFileSize);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // `check` reports unreadable files; a starter configuration does without them.
            }
            foreach (var document in YamlDocumentParser.Parse(source.Text, ManifestScanner.ReadDocuments).Documents)
            {
                // An ImageStream matters to the policies (its imports are checked) but is not one.
                if (document is YamlMapping root && PolicySet.IsPolicyDocument(root) && PolicyYaml.Kind(root) != "ImageStream")
                {
                    var kind = PolicyYaml.Kind(root) is { Length: > 0 } written ? written : "Butane config";
                    var name = (root["metadata"] as YamlMapping)?.ScalarAt("name") ?? "(unnamed)";
                    found.Add($"{kind}/{name} ({input.DisplayPath}:{root.Span.StartLine})");
                }
            }
        }
        return found;
    }
}
