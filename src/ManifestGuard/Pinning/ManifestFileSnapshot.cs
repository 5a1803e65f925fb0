using System.Security.Cryptography;
using System.Text;

namespace ManifestGuard.Pinning;

/// <summary>
/// A file as it was read for pinning: the exact bytes, their hash (to notice a change on disk before
/// writing), and the strictly decoded text the YAML parser and the edits' offsets refer to (BOM removed).
/// </summary>
internal sealed class ManifestFileSnapshot
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _bytes;

    private ManifestFileSnapshot(string path, byte[] bytes, string text, bool hasBom)
    {
        Path = path;
        _bytes = bytes;
        Text = text;
        HasBom = hasBom;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public string Path { get; }

    /// <summary>The bytes on disk when read.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>The decoded text without the BOM: parse this, and give edits offsets into it.</summary>
    public string Text { get; }

    public bool HasBom { get; }

    /// <summary>Hex SHA-256 of <see cref="Bytes"/>.</summary>
    public string Sha256 { get; }

    /// <summary>Reads and decodes a file.</summary>
    /// <exception cref="PinningException">The file is not valid UTF-8.</exception>
    public static async Task<ManifestFileSnapshot> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        FromBytes(path, await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    /// <exception cref="PinningException">The bytes are not valid UTF-8.</exception>
    public static ManifestFileSnapshot FromBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var hasBom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);
        try
        {
            // Strict: a lenient decoder would turn bad bytes into U+FFFD and the write would corrupt them for good.
            var text = StrictUtf8.GetString(bytes.AsSpan(hasBom ? 3 : 0));
            return new ManifestFileSnapshot(path, (byte[])bytes.Clone(), text, hasBom);
        }
        catch (DecoderFallbackException e)
        {
            throw new PinningException($"{path}: not valid UTF-8 (near byte {e.Index + (hasBom ? 3 : 0)}); pin leaves the file alone", e);
        }
    }

    /// <summary>True when <paramref name="bytes"/> are exactly what was read.</summary>
    public bool HasSameContent(ReadOnlySpan<byte> bytes) =>
        bytes.Length == _bytes.Length && Convert.ToHexStringLower(SHA256.HashData(bytes)) == Sha256;

    /// <summary>The byte offset in <see cref="Bytes"/> of a character offset in <see cref="Text"/>.</summary>
    internal int ByteOffset(int charOffset) => (HasBom ? 3 : 0) + Encoding.UTF8.GetByteCount(Text.AsSpan(0, charOffset));
}
