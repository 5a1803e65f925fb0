using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace ManifestGuard.Yaml;

/// <summary>
/// Reads the part of YAML that manifests are written in, straight from the text: block mappings and
/// sequences (indentless ones too), plain scalars over several lines, one-line quoted scalars, literal
/// and folded block scalars, flow collections and JSON, comments, anchors and aliases, several
/// documents. It gives exactly the nodes, values and positions that <see cref="YamlDotNetReader"/> gives
/// for the same text (a differential test and a fuzz target hold it to that).
/// Anything else — tags, directives, complex keys, tabs, lone CR line breaks, explicit indentation,
/// empty documents, and every error — is declined, and the caller reads the file with YamlDotNet, which
/// also says where a broken file breaks. Declining is always safe; accepting must be exact.
/// </summary>
/// <remarks>
/// Why a fast path: manifests use a small, regular part of YAML, and reading that part from the text,
/// building only the nodes the scan looks at, is several times faster than YamlDotNet's event parser.
/// The contract is that of a second implementation: tests/ManifestGuard.Tests/Yaml/FastPathReaderTests.cs
/// compares every accepted text with YamlDotNet (values, styles, every position, shared alias nodes) and
/// checks that the rest is declined; the fuzz target in fuzz/ does the same on generated texts.
/// <para>
/// The reader is one type in several files, one concern each: this file (entry point, document stream,
/// node building), <c>.Block</c> (block collections, anchors and aliases), <c>.Flow</c> (flow collections
/// and JSON), <c>.Scalars</c> (plain and quoted scalars and keys), <c>.BlockScalars</c> (`|` and `>`),
/// <c>.Positions</c> (marks, lines, spaces and comments) and <c>.Skimming</c> (documents the filter
/// leaves out). Every step returns a <see cref="FastPathResult"/>: a decline is a value passed up to
/// <see cref="TryRead"/>, never an exception, so parallel workers share nothing.
/// </para>
/// </remarks>
internal sealed partial class FastPathReader
{
    /// <summary>
    /// Nesting deeper than this is left to the reader with an explicit stack; manifests stay far below.
    /// </summary>
    private const int MaxDepth = 200;

    /// <summary>YAML limits a key written without `?` to 1024 characters.</summary>
    private const int MaxKeyLength = 1024;

    private static readonly SearchValues<char> PrintableAscii =
        SearchValues.Create(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Concat(['\n', '\t']).ToArray());

    /// <summary>The text read: the source, with CR LF line breaks made LF.</summary>
    private readonly string _text;

    /// <summary>The text as given, which positions count in and values are cut from.</summary>
    private readonly string _source;

    private readonly DocumentFilter? _filter;

    // Lists to gather collections in, one per depth, reused (see Buffer).
    private readonly List<List<KeyValuePair<YamlNode, YamlNode>>> _entryBuffers = [];
    private readonly List<List<YamlNode>> _itemBuffers = [];

    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _depth;
    private int _nodes;
    private Dictionary<string, YamlNode>? _anchors;
    private StringBuilder? _builder;

    private FastPathReader(string text, string source, DocumentFilter? filter)
    {
        _text = text;
        _source = source;
        _filter = filter;
        _skimmedKeyComparer = new SkimmedKeyComparer(text);
    }

    /// <summary>
    /// The documents of the stream, or null when the text is outside the subset read here. With a
    /// <paramref name="filter"/>, documents it does not want are checked and left out.
    /// </summary>
    public static List<YamlNode>? TryRead(string text, DocumentFilter? filter = null)
    {
        var read = text;
        if (text.Contains('\r'))
        {
            // Files checked out with CR LF line breaks: read with LF, count positions in the text as given.
            // A lone CR, or CR LF and LF mixed, is left to the general reader.
            var crlf = text.AsSpan().Count("\r\n");
            if (crlf != text.AsSpan().Count('\r') || crlf != text.AsSpan().Count('\n'))
            {
                return null;
            }
            read = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        }
        if (!HasOnlyAcceptedCharacters(read) || EndsInUnterminatedBlankOrComment(read))
        {
            return null;
        }
        var documents = new List<YamlNode>();
        var result = new FastPathReader(read, text, filter).ReadStream(documents);
        Debug.Assert(result != FastPathResult.ReadInFull, "A document left out is read again before the rest.");
        return result == FastPathResult.Ok ? documents : null;
    }

    /// <summary>
    /// Printable characters and LF only: CR, NEL and the Unicode line separators change line counting,
    /// and control characters are errors.
    /// </summary>
    private static bool HasOnlyAcceptedCharacters(string text)
    {
        var rest = text.AsSpan();
        int i;
        while ((i = rest.IndexOfAnyExcept(PrintableAscii)) >= 0)
        {
            var c = rest[i];
            if (c is < '\u00A0' or (> '\uD7FF' and < '\uE000') or '\uFEFF' or '\u2028' or '\u2029' or > '\uFFFD')
            {
                return false;
            }
            rest = rest[(i + 1)..];
        }
        return true;
    }

    /// <summary>
    /// YamlDotNet places the ends of collections unevenly when the text ends in a blank or comment line
    /// without a line break; such files are rare enough to leave to it.
    /// </summary>
    private static bool EndsInUnterminatedBlankOrComment(string text)
    {
        var lastLine = text.AsSpan(text.LastIndexOf('\n') + 1).TrimStart(' ');
        return text.Length > 0 && text[^1] != '\n' && (lastLine.IsEmpty || lastLine[0] == '#');
    }

    private FastPathResult ReadStream(List<YamlNode> documents)
    {
        if (!SkipSpaceAndComments())
        {
            return FastPathResult.Decline;
        }
        while (_pos < _text.Length)
        {
            if (_pos == _lineStart && _text[_pos] == '%')
            {
                return FastPathResult.Decline;
            }
            if (AtDocumentMarker('-'))
            {
                _pos += 3;
                if (!ExpectLineEnd() || !SkipSpaceAndComments() || AtEndOfDocument())
                {
                    return FastPathResult.Decline;
                }
            }
            else if (AtDocumentMarker('.'))
            {
                return FastPathResult.Decline;
            }
            var result = ReadDocumentRoot(out var root);
            if (result != FastPathResult.Ok)
            {
                return result;
            }
            if (_document != DocumentState.LeftOut)
            {
                documents.Add(root);
            }
            _document = DocumentState.Filtering;
            if (!SkipSpaceAndComments())
            {
                return FastPathResult.Decline;
            }
            if (AtDocumentMarker('.'))
            {
                _pos += 3;
                if (!ExpectLineEnd() || !SkipSpaceAndComments())
                {
                    return FastPathResult.Decline;
                }
            }
            if (_pos < _text.Length && !AtDocumentMarker('-'))
            {
                return FastPathResult.Decline;
            }
        }
        return FastPathResult.Ok;
    }

    /// <summary>
    /// The root node of a document. When a document the filter left out turns out to be wanted after
    /// all, it is read again from its start, in full.
    /// </summary>
    private FastPathResult ReadDocumentRoot(out YamlNode root)
    {
        var (pos, line, lineStart, nodes) = (_pos, _line, _lineStart, _nodes);
        _anchors?.Clear();
        var result = ReadBlockNode(parentIndent: -1, Here, out root);
        if (result != FastPathResult.ReadInFull)
        {
            return result;
        }
        (_pos, _line, _lineStart, _nodes) = (pos, line, lineStart, nodes);
        (_depth, _skimming, _keepPathDepth) = (0, false, -1);
        _entryBuffers.ForEach(buffer => buffer.Clear());
        _itemBuffers.ForEach(buffer => buffer.Clear());
        _skimmedKeyBuffers.ForEach(buffer => buffer.Clear());
        _anchors?.Clear();
        _document = DocumentState.InFull;
        result = ReadBlockNode(parentIndent: -1, Here, out root);
        Debug.Assert(result != FastPathResult.ReadInFull, "A document read in full is never left out.");
        return result;
    }

    /// <summary>
    /// A scalar node; a null <paramref name="value"/> means the text between the marks, quotes aside, read when needed.
    /// </summary>
    private FastPathResult Scalar(string? value, ScalarStyle style, Mark start, Mark end, out YamlScalar scalar)
    {
        if (!Count())
        {
            scalar = Skimmed;
            return FastPathResult.Decline;
        }
        scalar = _skimming ? Skimmed
            : value is null ? new YamlScalar(_source, style, Span(start, end))
            : new YamlScalar(value, style, null, Span(start, end));
        return FastPathResult.Ok;
    }

    /// <summary>One level deeper, for a collection; false past <see cref="MaxDepth"/> or the node limit.</summary>
    private bool Enter() => Count() && ++_depth <= MaxDepth;

    private bool Count() => ++_nodes <= YamlDocumentParser.MaxNodes;

    private string Built(StringBuilder builder) => _skimming ? string.Empty : builder.ToString();

    /// <summary>
    /// The list to gather the entries of the collection at the current depth in. Lists are kept per depth
    /// and reused; a closed collection gets an array of exactly its size, not a list grown by doubling.
    /// </summary>
    private List<T> Buffer<T>(List<List<T>> byDepth)
    {
        Debug.Assert(_depth > 0, "Buffers are taken inside a collection.");
        while (byDepth.Count < _depth)
        {
            byDepth.Add([]);
        }
        return byDepth[_depth - 1];
    }

    private static T[] Collect<T>(List<T> buffer)
    {
        var collected = buffer.ToArray();
        buffer.Clear();
        return collected;
    }

    private StringBuilder Builder() => (_builder ??= new StringBuilder()).Clear();
}
