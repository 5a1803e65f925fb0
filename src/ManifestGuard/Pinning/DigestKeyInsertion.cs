using ManifestGuard.Yaml;

namespace ManifestGuard.Pinning;

/// <summary>
/// Adds a `digest:` key to a mapping that names an image by parts (a kustomization `images:` entry, a
/// Helm values `image:` block), laid out like the keys already there.
/// </summary>
internal static class DigestKeyInsertion
{
    /// <summary>
    /// The edit that adds `digest: …`: a new line at the entry's indentation below its last line in block
    /// style, `, digest: …` after the last value in flow style. The file's line ending is reused.
    /// </summary>
    /// <exception cref="PinningException">The entry's layout gives no place to put the line.</exception>
    public static TextInsertion For(YamlMapping entry, string text, string digest)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = entry.Entries[0].Key;
        var last = entry.Entries[^1].Value;
        if (last is not YamlScalar lastValue || lastValue.Style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            throw new PinningException($"image entry at {entry.Span}: the last key's value is not a one-line scalar; add the digest by hand");
        }
        var isFlow = entry.Span.StartOffset >= 0 && entry.Span.StartOffset < text.Length && text[entry.Span.StartOffset] == '{';
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
