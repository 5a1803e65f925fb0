using System.Text;

namespace ManifestGuard.Discovery;

/// <summary>Reads a file as text: UTF-8 with or without a byte order mark (which is not part of the text).</summary>
public static class SourceReader
{
    public static SourceText Read(ScanInput input)
    {
        var bytes = File.ReadAllBytes(input.FullPath);
        return new SourceText(input.DisplayPath, input.FullPath, Decode(bytes));
    }

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
