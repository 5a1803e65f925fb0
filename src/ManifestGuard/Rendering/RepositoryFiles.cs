using ManifestGuard.Discovery;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>
/// The repository's files as one render's provenance reads them (the file an object came from, the
/// kustomizations that transformed it), each read once, reported relative to the scan root.
/// </summary>
internal sealed class RepositoryFiles(string scanRoot)
{
    private readonly Dictionary<string, SourceText?> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<ImageEntry>> _entries = new(StringComparer.Ordinal);

    /// <summary>An `images:` entry of a kustomization, with the scalars it sets.</summary>
    public sealed record ImageEntry(
        string File, string Name, YamlScalar? NewName, YamlScalar? NewTag, YamlScalar? Digest);

    /// <summary>Every file read so far.</summary>
    public IReadOnlyList<SourceText> All => [.. _texts.Values.OfType<SourceText>()];

    public string Display(string fullPath) => FileDiscovery.DisplayPathOf(fullPath, scanRoot);

    /// <summary>The file's text, or null when it cannot be read.</summary>
    public SourceText? Get(string fullPath)
    {
        if (_texts.TryGetValue(fullPath, out var cached))
        {
            return cached;
        }
        SourceText? text;
        try
        {
            text = SourceReader.Read(new ScanInput(fullPath, Display(fullPath)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text = null;
        }
        _texts[fullPath] = text;
        return text;
    }

    public IReadOnlyList<ImageEntry> ImageEntries(string kustomizationPath)
    {
        if (_entries.TryGetValue(kustomizationPath, out var cached))
        {
            return cached;
        }
        var entries = new List<ImageEntry>();
        if (Get(kustomizationPath) is { } text
            && ParsedYaml.First(YamlDocumentParser.Parse(text.Text))?.At("images") is YamlSequence images)
        {
            foreach (var item in images.Items.OfType<YamlMapping>())
            {
                if (item.ScalarAt("name") is { Length: > 0 } name)
                {
                    var entry = new ImageEntry(
                        text.DisplayPath, name, Set(item["newName"]), Set(item["newTag"]), Set(item["digest"]));
                    entries.Add(entry);
                }
            }
        }
        _entries[kustomizationPath] = entries;
        return entries;
    }

    private static YamlScalar? Set(YamlNode? node) =>
        node is YamlScalar { IsNull: false } scalar && scalar.Value.Length > 0 ? scalar : null;
}
