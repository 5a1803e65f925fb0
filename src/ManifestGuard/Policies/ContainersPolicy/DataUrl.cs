using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Text;

namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>Decodes the RFC 2397 `data:` URLs Ignition uses for file contents (base64 or percent-encoded, optionally gzip).</summary>
internal static class DataUrl
{
    public static bool TryDecode(string url, bool gzip, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? error)
    {
        text = null;
        error = null;
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            error = "the contents are not a data: URL (remote sources cannot be read offline)";
            return false;
        }
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            error = "the data: URL has no ','";
            return false;
        }
        var header = url[5..comma];
        var payload = url[(comma + 1)..];
        byte[] bytes;
        if (header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                bytes = Convert.FromBase64String(Uri.UnescapeDataString(payload));
            }
            catch (FormatException)
            {
                error = "the data: URL is not valid base64";
                return false;
            }
        }
        else
        {
            bytes = PercentDecode(payload);
        }
        if (gzip)
        {
            try
            {
                using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var output = new MemoryStream();
                input.CopyTo(output);
                bytes = output.ToArray();
            }
            catch (InvalidDataException)
            {
                error = "the contents are marked gzip but do not decompress";
                return false;
            }
        }
        text = new UTF8Encoding(false).GetString(bytes);
        return true;
    }

    /// <summary>Percent-decoding to bytes, so multi-byte UTF-8 sequences survive.</summary>
    private static byte[] PercentDecode(string payload)
    {
        var bytes = new List<byte>(payload.Length);
        for (var i = 0; i < payload.Length; i++)
        {
            if (payload[i] == '%' && i + 2 < payload.Length && Uri.IsHexDigit(payload[i + 1]) && Uri.IsHexDigit(payload[i + 2]))
            {
                bytes.Add(Convert.ToByte(payload.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(payload[i].ToString()));
            }
        }
        return [.. bytes];
    }
}
