using System.Buffers;
using System.Text;

namespace ManifestGuard.Discovery;

/// <summary>
/// Reads a file as text: UTF-8 with or without a byte order mark, UTF-16 and UTF-32 (either byte order)
/// with one, as YAML 1.2 and JSON readers detect them. The mark is not part of the text; positions are
/// counted in the decoded characters, whatever the encoding.
/// </summary>
internal static class SourceReader
{
    public static SourceText Read(ScanInput input) => Read(input, long.MaxValue);

    /// <summary>
    /// Reads a file of at most <paramref name="maxBytes"/> bytes. A larger one is not read at all (nor
    /// one that grows past the limit while being read): its text is empty and <see cref="SourceText.Unreadable"/> says why.
    /// </summary>
    public static SourceText Read(ScanInput input, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.NotRead is { } reason)
        {
            return new SourceText(input.DisplayPath, input.FullPath, "") { Unreadable = reason };
        }
        using var handle = File.OpenHandle(input.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        if (length > maxBytes)
        {
            return TooLarge(input, length, maxBytes);
        }
        // Read to the end rather than trusting the length: the file may grow, or be a device or pipe that
        // reports 0. One pooled buffer a little larger than the file usually takes it in one read.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length + 1, Array.MaxLength));
        try
        {
            var filled = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer.AsSpan(filled), filled)) > 0)
            {
                filled += read;
                if (filled > maxBytes)
                {
                    return TooLarge(input, filled, maxBytes);
                }
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            return new SourceText(input.DisplayPath, input.FullPath, Decode(buffer.AsSpan(0, filled)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static SourceText TooLarge(ScanInput input, long size, long maxBytes) =>
        new(input.DisplayPath, input.FullPath, "")
        {
            Unreadable = $"file is larger than maxFileSize ({size} bytes, more than {maxBytes}) and was not read; raise maxFileSize in .manifestguard.yaml to scan it",
        };

    /// <summary>
    /// Reads stdin to its end as bytes and decodes it as a file is decoded, so a UTF-16 or UTF-32 stream with
    /// its byte order mark reads the same on stdin as in a file.
    /// </summary>
    public static SourceText ReadStdin(Stream stdin)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        using var bytes = new MemoryStream();
        stdin.CopyTo(bytes);
        return new SourceText(SourceText.StdinName, null, Decode(bytes.GetBuffer().AsSpan(0, (int)bytes.Length)));
    }

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        // A first byte that starts no byte order mark is by far the common case: one comparison, then UTF-8.
        if (bytes.Length >= 2 && bytes[0] is 0xEF or 0xFE or 0xFF or 0x00)
        {
            foreach (var (preamble, encoding) in Marked)
            {
                if (bytes.StartsWith(preamble))
                {
                    return encoding.GetString(bytes[preamble.Length..]);
                }
            }
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Byte order marks, longest first: UTF-32 LE begins with the mark of UTF-16 LE.</summary>
    private static readonly (byte[] Preamble, Encoding Encoding)[] Marked =
    [
        ([0xFF, 0xFE, 0x00, 0x00], new UTF32Encoding(bigEndian: false, byteOrderMark: false)),
        ([0x00, 0x00, 0xFE, 0xFF], new UTF32Encoding(bigEndian: true, byteOrderMark: false)),
        ([0xEF, 0xBB, 0xBF], new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)),
        ([0xFF, 0xFE], new UnicodeEncoding(bigEndian: false, byteOrderMark: false)),
        ([0xFE, 0xFF], new UnicodeEncoding(bigEndian: true, byteOrderMark: false)),
    ];
}
