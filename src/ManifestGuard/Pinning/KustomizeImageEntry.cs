using ManifestGuard.Yaml;

namespace ManifestGuard.Pinning;

/// <summary>
/// An entry of a kustomization's `images:` list that sets a tag and no digest
/// (`{name, newName?, newTag, digest?}`). Kustomize applies it to the workloads at build time, so this
/// is where a GitOps repo pins: by adding `digest:` to the entry.
/// </summary>
internal sealed record KustomizeImageEntry(YamlMapping Entry, string Name, string? NewName, string NewTag)
{
    /// <summary>The file names kustomize looks for in a directory.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    /// <summary>The image the entry makes kustomize write, tag included: resolve this.</summary>
    public string ImageToResolve => (NewName ?? Name) + ":" + NewTag;

    public static bool IsKustomizationFile(string path) => FileNames.Contains(Path.GetFileName(path), StringComparer.Ordinal);

    /// <summary>The entries of a kustomization document that have `newTag` and no `digest`.</summary>
    public static IReadOnlyList<KustomizeImageEntry> FindUnpinned(YamlNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var entries = new List<KustomizeImageEntry>();
        if (document.At("images") is not YamlSequence images)
        {
            return entries;
        }
        foreach (var item in images.Items)
        {
            if (item is YamlMapping entry && entry.ScalarAt("name") is { Length: > 0 } name
                && entry["newTag"] is YamlScalar { IsNull: false } newTag && entry["digest"] is null)
            {
                entries.Add(new KustomizeImageEntry(entry, name, entry.ScalarAt("newName") is { Length: > 0 } newName ? newName : null, newTag.Value));
            }
        }
        return entries;
    }

    /// <summary>The edit that adds `digest: …` to the entry.</summary>
    /// <exception cref="PinningException">The entry's layout gives no place to put the line.</exception>
    public TextInsertion DigestInsertion(string text, string digest) => DigestKeyInsertion.For(Entry, text, digest);
}
