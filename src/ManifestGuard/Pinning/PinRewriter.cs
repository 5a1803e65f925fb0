namespace ManifestGuard.Pinning;

/// <summary>
/// Applies edits to a file's bytes. It splices at byte offsets of the original, so every byte outside
/// the edited ranges (BOM, CRLF, comments, indentation) is copied, not re-encoded.
/// </summary>
internal static class PinRewriter
{
    /// <exception cref="PinningException">An edit does not fit the text, or two edits overlap.</exception>
    public static byte[] Apply(ManifestFileSnapshot file, IEnumerable<PinEdit> edits)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(edits);
        // Stable sort: insertions at one offset keep the order they were given in.
        var changes = edits.Select(e => e.ToChange(file.Text)).Select((c, i) => (Change: c, Index: i))
            .OrderBy(c => c.Change.Start).ThenBy(c => c.Index).Select(c => c.Change).ToList();
        var original = file.Bytes.Span;
        var output = new MemoryStream(original.Length + changes.Sum(c => c.NewText.Length * 3));
        var copiedTo = 0;
        var previousEnd = 0;
        foreach (var change in changes)
        {
            if (change.Start < previousEnd)
            {
                throw new PinningException($"{file.Path}: two edits overlap at character {change.Start}");
            }
            var start = file.ByteOffset(change.Start);
            var end = change.End == change.Start ? start : file.ByteOffset(change.End);
            output.Write(original[copiedTo..start]);
            output.Write(System.Text.Encoding.UTF8.GetBytes(change.NewText));
            copiedTo = end;
            previousEnd = change.End;
        }
        output.Write(original[copiedTo..]);
        return output.ToArray();
    }

    /// <summary>The new text, for diffs: decoded from <see cref="Apply"/>'s bytes without the BOM.</summary>
    public static string ApplyToText(ManifestFileSnapshot file, IEnumerable<PinEdit> edits) =>
        ManifestFileSnapshot.FromBytes(file.Path, Apply(file, edits)).Text;
}
