using System.Text;

namespace ManifestGuard.Discovery;

/// <summary>Reads a file as text: UTF-8 with or without a byte order mark (which is not part of the text).</summary>
public static class SourceReader
{
    public static SourceText Read(ScanInput input) => Read(input, long.MaxValue);

    /// <summary>
    /// Reads a file of at most <paramref name="maxBytes"/> bytes. A larger one is not read at all (nor
    /// one that grows past the limit while being read): its text is empty and <see cref="SourceText.Unreadable"/> says why.
    /// </summary>
    public static SourceText Read(ScanInput input, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var stream = new FileStream(input.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        var length = stream.Length;
        if (length > maxBytes)
        {
            return TooLarge(input, length, maxBytes);
        }
        // Read to the end rather than trusting Length: the file may grow, or be a device or pipe that reports 0.
        var buffer = new MemoryStream(capacity: (int)Math.Min(length, int.MaxValue - 1));
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return TooLarge(input, buffer.Length + read, maxBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        return new SourceText(input.DisplayPath, input.FullPath, Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static SourceText TooLarge(ScanInput input, long size, long maxBytes) =>
        new(input.DisplayPath, input.FullPath, "")
        {
            Unreadable = $"file is larger than maxFileSize ({size} bytes, more than {maxBytes}) and was not read; raise maxFileSize in .manifestguard.yaml to scan it",
        };

    public static SourceText ReadStdin(TextReader stdin) => new(SourceText.StdinName, null, stdin.ReadToEnd().TrimStart('\uFEFF'));

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var preamble = Encoding.UTF8.Preamble;
        if (bytes.StartsWith(preamble))
        {
            bytes = bytes[preamble.Length..];
        }
        return Encoding.UTF8.GetString(bytes);
    }
}
