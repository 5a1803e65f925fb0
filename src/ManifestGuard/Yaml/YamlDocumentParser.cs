namespace ManifestGuard.Yaml;

/// <summary>
/// Reads a multi-document YAML (or JSON) stream into position-carrying nodes. Most manifests are
/// written in a small part of YAML, which <see cref="FastPathReader"/> reads several times faster than
/// a general parser; anything else, and every broken file, goes to <see cref="YamlDotNetReader"/>,
/// which gives the same nodes and says where the file breaks.
/// </summary>
internal static class YamlDocumentParser
{
    /// <summary>Deeper documents are refused: no real manifest nests this far, and hostile ones do.</summary>
    public const int MaxDepth = 1000;

    /// <summary>
    /// More nodes than this in one stream are refused. Each node costs about a hundred bytes, so a file
    /// of tiny scalars (`[a,a,a,…]`) would otherwise turn 16 MiB of text into a gigabyte of nodes; real
    /// manifests, large CRD bundles included, stay far below.
    /// </summary>
    public const int MaxNodes = 500_000;

    /// <summary>The documents of a stream and, when the stream is broken, the error and the documents read before it.</summary>
    public sealed record Result(IReadOnlyList<YamlNode> Documents, YamlParseException? Error);

    public static Result Parse(string text) => Parse(text, filter: null);

    /// <summary>
    /// Reads a stream, leaving out documents the <paramref name="filter"/> does not want where that
    /// saves work. Documents it wants are always there; others may be there too (when the text is
    /// read by YamlDotNet), so a caller must still skip what it does not read.
    /// </summary>
    public static Result Parse(string text, DocumentFilter? filter)
    {
        if (FastPathReader.TryRead(text, filter) is { } documents)
        {
            return new Result(documents, null);
        }
        var result = YamlDotNetReader.Parse(text);
        // JSON objects one after another are a stream kubectl reads; YAML stops after the first.
        return result.Error is not null && ConcatenatedJsonReader.TryRead(text, filter) is { } stream ? stream : result;
    }
}
