using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>
/// One kustomization as far as the scan needs to read it: which kustomizations it includes (resources and
/// components that are folders) and which files it uses (resources and patches that are files). Reading
/// these lists tells which kustomizations are roots and which files a render consumes; the rendering itself
/// is left to kustomize.
/// </summary>
/// <param name="Directory">The folder holding the file, absolute.</param>
/// <param name="Path">The kustomization file, absolute.</param>
internal sealed record KustomizationFile(
    string Directory, string Path, IReadOnlyList<string> IncludedDirectories, IReadOnlyList<string> Files)
{
    /// <summary>`kind: Component`: rendered only as part of a kustomization that names it, never as a root.</summary>
    public bool IsComponent { get; init; }

    /// <summary>The file names kustomize looks for in a folder, in its own order.</summary>
    public static readonly IReadOnlyList<string> FileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    /// <summary>The kustomization file of a folder, or null when it has none.</summary>
    public static string? In(string directory) =>
        FileNames.Select(name => System.IO.Path.Combine(directory, name)).FirstOrDefault(File.Exists);

    /// <summary>Reads the lists; a file that does not parse includes nothing (its render reports why).</summary>
    public static KustomizationFile Read(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path)!;
        var included = new List<string>();
        var files = new List<string>();
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new KustomizationFile(directory, path, included, files);
        }
        var parsed = YamlDocumentParser.Parse(text);
        if (parsed.Error is not null || ParsedYaml.First(parsed) is not YamlMapping root)
        {
            return new KustomizationFile(directory, path, included, files);
        }
        foreach (var key in (string[])["resources", "bases", "components", "crds", "patchesStrategicMerge"])
        {
            foreach (var entry in Strings(root[key]))
            {
                Classify(directory, entry, included, files);
            }
        }
        foreach (var key in (string[])["patches", "patchesJson6902"])
        {
            if (root[key] is YamlSequence patches)
            {
                foreach (var patch in patches.Items.OfType<YamlMapping>())
                {
                    if (patch.ScalarAt("path") is { Length: > 0 } patchPath)
                    {
                        Classify(directory, patchPath, included, files);
                    }
                }
            }
        }
        return new KustomizationFile(directory, path, included, files) { IsComponent = root.ScalarAt("kind") == "Component" };
    }

    private static IEnumerable<string> Strings(YamlNode? node) =>
        node is YamlSequence sequence
            ? sequence.Items.OfType<YamlScalar>().Where(s => !s.IsNull).Select(s => s.Value)
            : [];

    /// <summary>A local folder with a kustomization is included; a local file is used; remote and inline entries are kustomize's business.</summary>
    private static void Classify(string directory, string entry, List<string> included, List<string> files)
    {
        if (entry.Contains("://", StringComparison.Ordinal) || entry.Contains('\n', StringComparison.Ordinal)
            || entry.StartsWith("github.com/", StringComparison.Ordinal))
        {
            return;
        }
        var full = System.IO.Path.GetFullPath(entry, directory);
        if (System.IO.Directory.Exists(full))
        {
            if (In(full) is not null)
            {
                included.Add(full);
            }
        }
        else if (File.Exists(full))
        {
            files.Add(full);
        }
    }
}
