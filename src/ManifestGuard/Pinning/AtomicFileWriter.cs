namespace ManifestGuard.Pinning;

/// <summary>
/// Replaces a file by writing a temporary file beside it and renaming it over the original: readers see
/// the old or the new file, never half of one. The mode bits are carried over, and a file that changed
/// since it was read is left alone (an editor or another pin run got there first).
/// </summary>
internal static class AtomicFileWriter
{
    /// <exception cref="PinningException">The file changed on disk since <paramref name="original"/> was read.</exception>
    public static async Task WriteAsync(ManifestFileSnapshot original, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(content);
        // Write through a symbolic link to its target: renaming over the link would replace the link itself.
        var path = new FileInfo(original.Path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(original.Path);
        var current = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (!original.HasSameContent(current))
        {
            throw new PinningException($"{original.Path} changed on disk since it was read; nothing was written to it, run pin again");
        }
        var directory = Path.GetDirectoryName(path) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                // On disk before the rename, so a crash cannot leave an empty file under the real name.
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
