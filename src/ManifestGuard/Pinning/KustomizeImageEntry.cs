using ManifestGuard.Yaml;

namespace ManifestGuard.Pinning;

/// <summary>
/// An entry of a kustomization's `images:` list that sets a tag and no digest
/// (`{name, newName?, newTag, digest?}`). Kustomize applies it to the workloads at build time, so this
/// is where a GitOps repo pins: by adding `digest:` to the entry.
/// </summary>
public sealed record KustomizeImageEntry(YamlMapping Entry, string Name, string? NewName, string NewTag)
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

    /// <summary>
    /// The edit that adds `digest: …`: a new line at the entry's indentation below its last line in block
    /// style, `, digest: …` after the last value in flow style. The file's line ending is reused.
    /// </summary>
    /// <exception cref="PinningException">The entry's layout gives no place to put the line.</exception>
    public TextInsertion DigestInsertion(string text, string digest)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = Entry.Entries[0].Key;
        var last = Entry.Entries[^1].Value;
        if (last is not YamlScalar lastValue || lastValue.Style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            throw new PinningException($"images entry at {Entry.Span}: the last key's value is not a one-line scalar; add the digest by hand");
        }
        var isFlow = Entry.Span.StartOffset >= 0 && Entry.Span.StartOffset < text.Length && text[Entry.Span.StartOffset] == '{';
        if (isFlow)
        {
            return new TextInsertion(lastValue.Span.EndOffset, ", digest: " + digest);
        }
        var lineEnd = text.IndexOf('\n', lastValue.Span.EndOffset);
        var newline = lineEnd > 0 && text[lineEnd - 1] == '\r' ? "\r\n" : lineEnd >= 0 ? "\n" : DominantNewline(text);
        var indent = LineIndent(text, first.Span.StartOffset);
        var line = indent + "digest: " + digest;
        return lineEnd < 0
            ? new TextInsertion(text.Length, newline + line)
            : new TextInsertion(lineEnd + 1, line + newline);
    }

    /// <summary>The characters before the first key on its line, spaces for the `- ` of a sequence item, so the new key lines up.</summary>
    private static string LineIndent(string text, int keyOffset)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, keyOffset - 1)) + 1;
        var prefix = text.AsSpan(lineStart, keyOffset - lineStart);
        var indent = new char[prefix.Length];
        for (var i = 0; i < prefix.Length; i++)
        {
            indent[i] = prefix[i] == '\t' ? '\t' : ' ';
        }
        return new string(indent);
    }

    private static string DominantNewline(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
}
