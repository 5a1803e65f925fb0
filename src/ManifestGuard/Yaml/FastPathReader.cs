using System.Buffers;
using System.Diagnostics.CodeAnalysis;
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
internal sealed class FastPathReader
{
    /// <summary>Nesting deeper than this is left to the reader with an explicit stack; manifests stay far below.</summary>
    private const int MaxDepth = 200;

    /// <summary>YAML limits a key written without `?` to 1024 characters.</summary>
    private const int MaxKeyLength = 1024;

    private static readonly SearchValues<char> PrintableAscii = SearchValues.Create(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Concat(['\n', '\t']).ToArray());
    private static readonly SearchValues<char> BlockPlainStops = SearchValues.Create(":#*\n\t");
    private static readonly SearchValues<char> FlowPlainStops = SearchValues.Create(":#*\n\t,[]{}");
    private static readonly SearchValues<char> DoubleQuotedStops = SearchValues.Create("\"\\\n");
    private static readonly SearchValues<char> SingleQuotedStops = SearchValues.Create("'\n");

    /// <summary>What a node is in the part of a document that is checked but not built.</summary>
    private static readonly YamlScalar Skimmed = new(string.Empty, ScalarStyle.Plain, null, default);
    private static readonly YamlMapping SkimmedMapping = new([], default);
    private static readonly YamlSequence SkimmedSequence = new([], default);

    /// <summary>The text read: the source, with CR LF line breaks made LF.</summary>
    private readonly string _text;

    /// <summary>The text as given, which positions count in and values are cut from.</summary>
    private readonly string _source;

    private readonly DocumentFilter? _filter;
    private readonly SkimmedKeyComparer _skimmedKeyComparer;

    // Lists to gather collections in, one per depth, reused (see Buffer).
    private readonly List<List<KeyValuePair<YamlNode, YamlNode>>> _entryBuffers = [];
    private readonly List<List<YamlNode>> _itemBuffers = [];
    private readonly List<List<SkimmedKey>> _skimmedKeyBuffers = [];

    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _depth;
    private int _nodes;
    private Dictionary<string, YamlNode>? _anchors;
    private StringBuilder? _builder;

    /// <summary>The key just read by <see cref="TryReadKey"/> or <see cref="ReadFlowKey"/>, for the duplicate check of a mapping not built.</summary>
    private SkimmedKey _lastKey;

    /// <summary>The filter does not want this document: the values of its remaining root entries are checked, not built.</summary>
    private bool _leaveOutDocument;

    /// <summary>Nothing is built now: a value of a root entry of a left-out document is being read.</summary>
    private bool _skimming;

    /// <summary>The depth at which the second key of <see cref="DocumentFilter.KeepIfPath"/> makes the document wanted; -1 for none.</summary>
    private int _keepPathDepth = -1;

    /// <summary>Set while a document that the filter first left out is read again in full.</summary>
    private bool _readingInFull;

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
        try
        {
            return new FastPathReader(read, text, filter).ReadStream();
        }
        catch (DeclinedException)
        {
            return null;
        }
    }

    /// <summary>Printable characters and LF only: CR, NEL and the Unicode line separators change line counting, and control characters are errors.</summary>
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

    private List<YamlNode> ReadStream()
    {
        var documents = new List<YamlNode>();
        SkipSpaceAndComments();
        while (_pos < _text.Length)
        {
            if (_pos == _lineStart && _text[_pos] == '%')
            {
                throw DeclinedException.Instance;
            }
            if (AtDocumentMarker('-'))
            {
                _pos += 3;
                ExpectLineEnd();
                SkipSpaceAndComments();
                if (AtEndOfDocument())
                {
                    throw DeclinedException.Instance;
                }
            }
            else if (AtDocumentMarker('.'))
            {
                throw DeclinedException.Instance;
            }
            var root = ReadDocumentRoot();
            if (!_leaveOutDocument)
            {
                documents.Add(root);
            }
            _leaveOutDocument = false;
            SkipSpaceAndComments();
            if (AtDocumentMarker('.'))
            {
                _pos += 3;
                ExpectLineEnd();
                SkipSpaceAndComments();
            }
            if (_pos < _text.Length && !AtDocumentMarker('-'))
            {
                throw DeclinedException.Instance;
            }
        }
        return documents;
    }

    /// <summary>
    /// The root node of a document. When a document the filter left out turns out to be wanted after
    /// all, it is read again from its start, in full.
    /// </summary>
    private YamlNode ReadDocumentRoot()
    {
        var (pos, line, lineStart, nodes) = (_pos, _line, _lineStart, _nodes);
        _anchors?.Clear();
        try
        {
            return ReadBlockNode(parentIndent: -1, Here);
        }
        catch (KeepDocumentException)
        {
            (_pos, _line, _lineStart, _nodes) = (pos, line, lineStart, nodes);
            (_depth, _skimming, _leaveOutDocument, _keepPathDepth) = (0, false, false, -1);
            _entryBuffers.ForEach(buffer => buffer.Clear());
            _itemBuffers.ForEach(buffer => buffer.Clear());
            _skimmedKeyBuffers.ForEach(buffer => buffer.Clear());
            _anchors?.Clear();
            _readingInFull = true;
            var root = ReadBlockNode(parentIndent: -1, Here);
            _readingInFull = false;
            return root;
        }
    }

    // ---- block context -------------------------------------------------------------------------

    /// <summary>A node that starts a line of its own: a collection, or a scalar under a key.</summary>
    private YamlNode ReadBlockNode(int parentIndent, Mark start)
    {
        var column = Column;
        var c = _text[_pos];
        if (c == '-' && IsBlankOrEnd(_pos + 1))
        {
            return ReadBlockSequence(column, indentless: false, start);
        }
        if (c is '[' or '{' or '|' or '>' or '&' or '*')
        {
            return parentIndent < 0 && c is not ('[' or '{') ? throw DeclinedException.Instance : ReadInlineNode(parentIndent, allowCompact: false, start);
        }
        if (TryReadKey(out var key))
        {
            return ReadBlockMapping(column, key, start, isDocumentRoot: parentIndent < 0);
        }
        // A document that is one scalar is not a manifest; leave it to the general reader.
        return parentIndent < 0 ? throw DeclinedException.Instance : ReadScalar(parentIndent, start);
    }

    /// <summary>Entries at <paramref name="column"/>; the first key is read, and the position is just after its colon.</summary>
    private YamlMapping ReadBlockMapping(int column, YamlScalar firstKey, Mark start, bool isDocumentRoot = false)
    {
        Enter();
        var entries = Buffer(_entryBuffers);
        var skimmedKeys = Buffer(_skimmedKeyBuffers);
        HashSet<string>? keys = null;
        HashSet<SkimmedKey>? skimmedKeySet = null;
        var key = firstKey;
        while (true)
        {
            if (_skimming)
            {
                AddSkimmedKey(skimmedKeys, ref skimmedKeySet);
                ReadValue(column, Here, inMapping: true);
            }
            else
            {
                if (!MappingKeys.TryAdd(entries, ref keys, key))
                {
                    throw DeclinedException.Instance;
                }
                var value = isDocumentRoot ? ReadRootValue(column, key, entries) : ReadValue(column, Here, inMapping: true);
                entries.Add(new KeyValuePair<YamlNode, YamlNode>(key, value));
            }
            SkipSpaceAndComments();
            if (AtEndOfDocument() || Column < column)
            {
                break;
            }
            if (Column > column || !TryReadKey(out key))
            {
                throw DeclinedException.Instance;
            }
        }
        _depth--;
        skimmedKeys.Clear();
        return _skimming ? SkimmedMapping : new YamlMapping(Collect(entries), Span(start, NextTokenMark()));
    }

    /// <summary>
    /// The value of a root entry, where the filter applies: once `kind` names a kind the caller does not
    /// want, the values after it are checked but not built, and the document is left out, unless a key
    /// the filter keeps documents for turns up.
    /// </summary>
    private YamlNode ReadRootValue(int column, YamlScalar key, List<KeyValuePair<YamlNode, YamlNode>> entriesBefore)
    {
        if (!_leaveOutDocument)
        {
            var value = ReadValue(column, Here, inMapping: true);
            if (_filter is not null && !_readingInFull && key.ValueEquals("kind") && value is YamlScalar kind
                && !_filter.WantsKind(kind.Value) && !entriesBefore.Exists(KeepsDocument))
            {
                _leaveOutDocument = true;
            }
            return value;
        }
        if (_filter!.KeepIfRootKey.Contains(key.Value))
        {
            throw KeepDocumentException.Instance;
        }
        _keepPathDepth = key.ValueEquals(_filter.KeepIfPath.Root) ? _depth + 1 : -1;
        _skimming = true;
        ReadValue(column, Here, inMapping: true);
        _skimming = false;
        _keepPathDepth = -1;
        return Skimmed;
    }

    /// <summary>Whether a root entry read before `kind` makes the document wanted whatever its kind.</summary>
    private bool KeepsDocument(KeyValuePair<YamlNode, YamlNode> entry) =>
        entry.Key is YamlScalar key
        && (_filter!.KeepIfRootKey.Contains(key.Value)
            || (key.ValueEquals(_filter.KeepIfPath.Root) && entry.Value is YamlMapping child && child.KeyNode(_filter.KeepIfPath.Child) is not null));

    /// <summary>The duplicate-key check of a mapping that is not built, on the keys' text where it stands.</summary>
    private void AddSkimmedKey(List<SkimmedKey> keys, ref HashSet<SkimmedKey>? keySet)
    {
        var key = _lastKey;
        if (_depth == _keepPathDepth && _skimmedKeyComparer.Text(key).SequenceEqual(_filter!.KeepIfPath.Child))
        {
            throw KeepDocumentException.Instance;
        }
        if (keySet is null && keys.Count < MappingKeys.WithoutSet)
        {
            foreach (var existing in keys)
            {
                if (_skimmedKeyComparer.Equals(existing, key))
                {
                    throw DeclinedException.Instance;
                }
            }
            keys.Add(key);
            return;
        }
        if (keySet is null)
        {
            keySet = new HashSet<SkimmedKey>(keys, _skimmedKeyComparer);
        }
        if (!keySet.Add(key))
        {
            throw DeclinedException.Instance;
        }
    }

    /// <summary>Entries `- ` at <paramref name="column"/>; an indentless sequence (a mapping value at the key's column) ends at the next key.</summary>
    private YamlSequence ReadBlockSequence(int column, bool indentless, Mark start)
    {
        Enter();
        var items = Buffer(_itemBuffers);
        while (true)
        {
            _pos++;
            var item = ReadValue(column, Here, inMapping: false);
            if (!_skimming)
            {
                items.Add(item);
            }
            SkipSpaceAndComments();
            if (AtEndOfDocument() || Column < column)
            {
                break;
            }
            if (Column > column)
            {
                throw DeclinedException.Instance;
            }
            if (!AtSequenceEntry())
            {
                if (indentless)
                {
                    break;
                }
                throw DeclinedException.Instance;
            }
        }
        _depth--;
        return _skimming ? SkimmedSequence : new YamlSequence(Collect(items), Span(start, NextTokenMark()));
    }

    /// <summary>
    /// The value after a key's colon or a sequence dash (<paramref name="indicatorEnd"/> is just past
    /// it): on the same line, on the lines below, or empty (a null scalar where the indicator ends).
    /// </summary>
    private YamlNode ReadValue(int indent, Mark indicatorEnd, bool inMapping)
    {
        SkipSpaces();
        if (!AtLineEndOrComment())
        {
            return ReadInlineNode(indent, allowCompact: !inMapping, Here);
        }
        ExpectLineEnd();
        SkipSpaceAndComments();
        if (!AtEndOfDocument())
        {
            if (Column > indent)
            {
                return ReadBlockNode(indent, Here);
            }
            if (inMapping && Column == indent && AtSequenceEntry())
            {
                return ReadBlockSequence(indent, indentless: true, Here);
            }
        }
        return Scalar(string.Empty, ScalarStyle.Plain, indicatorEnd, indicatorEnd);
    }

    /// <summary>
    /// A node that starts on the current line after an indicator. <paramref name="allowCompact"/>: after
    /// a dash, a mapping or sequence may start on the same line (`- name: x`, `- - a`).
    /// </summary>
    private YamlNode ReadInlineNode(int indent, bool allowCompact, Mark start)
    {
        var c = _text[_pos];
        switch (c)
        {
            case '&':
                return ReadAnchored(indent);
            case '*':
                var alias = ReadAlias();
                ExpectLineEnd();
                return alias;
            case '|' or '>':
                return ReadBlockScalar(indent, start);
            case '[' or '{':
                var flow = ReadFlowCollection(indent, start);
                ExpectLineEnd();
                return flow;
            case '-' when IsBlankOrEnd(_pos + 1):
                return allowCompact ? ReadBlockSequence(Column, indentless: false, start) : throw DeclinedException.Instance;
        }
        if (allowCompact)
        {
            var column = Column;
            if (TryReadKey(out var key))
            {
                return ReadBlockMapping(column, key, start);
            }
        }
        return ReadScalar(indent, start);
    }

    /// <summary>`&amp;name` and the node it names, on this line or below; the node's position starts at the anchor.</summary>
    private YamlNode ReadAnchored(int indent)
    {
        var start = Here;
        var name = ReadName();
        SkipSpaces();
        YamlNode node;
        if (AtLineEndOrComment())
        {
            ExpectLineEnd();
            SkipSpaceAndComments();
            if (AtEndOfDocument() || Column <= indent || _text[_pos] is '&' or '*')
            {
                throw DeclinedException.Instance;
            }
            node = ReadBlockNode(indent, start);
        }
        else
        {
            if (_text[_pos] is '&' or '*')
            {
                throw DeclinedException.Instance;
            }
            node = ReadInlineNode(indent, allowCompact: false, start);
        }
        (_anchors ??= new Dictionary<string, YamlNode>(StringComparer.Ordinal))[name] = node;
        return node;
    }

    private YamlNode ReadAlias()
    {
        var name = ReadName();
        if (_anchors is null || !_anchors.TryGetValue(name, out var node))
        {
            throw DeclinedException.Instance;
        }
        // A node built before the document was left out, repeated in the part that is not built, could
        // hold a key that keeps the document; read it in full rather than look.
        return _skimming && node != Skimmed && node != SkimmedMapping && node != SkimmedSequence ? throw KeepDocumentException.Instance : node;
    }

    /// <summary>The name after `&amp;` or `*`: the characters every YAML reader agrees on, then a space or line end.</summary>
    private string ReadName()
    {
        var from = ++_pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '-' or '_'))
        {
            _pos++;
        }
        if (_pos == from || !IsBlankOrEnd(_pos))
        {
            throw DeclinedException.Instance;
        }
        return _text[from.._pos];
    }

    /// <summary>
    /// A key (a one-line plain or quoted scalar followed by `: ` or a colon at the line end) at the
    /// position; on success the position is just past the colon, otherwise it has not moved.
    /// </summary>
    private bool TryReadKey([NotNullWhen(true)] out YamlScalar? key)
    {
        key = null;
        var from = _pos;
        var c = _text[from];
        string? value;
        int end;
        ScalarStyle style;
        int colon;
        if (c is '"' or '\'')
        {
            end = c == '"' ? ScanDoubleQuoted(from, out value) : ScanSingleQuoted(from, out value);
            if (end < 0)
            {
                return false;
            }
            colon = end;
            while (colon < _text.Length && _text[colon] == ' ')
            {
                colon++;
            }
            if (colon >= _text.Length || _text[colon] != ':' || !IsBlankOrEnd(colon + 1))
            {
                return false;
            }
            style = c == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted;
        }
        else if (IsPlainStart(from, flow: false))
        {
            var stop = ScanPlainLine(from, flow: false, out end, out colon);
            if (stop != PlainStop.Colon)
            {
                return false;
            }
            value = null;
            style = ScalarStyle.Plain;
        }
        else
        {
            return false;
        }
        if (end - from > MaxKeyLength)
        {
            throw DeclinedException.Instance;
        }
        _lastKey = KeyOf(from, end, style, value);
        key = Scalar(value, style, Here, At(end));
        _pos = colon + 1;
        return true;
    }

    /// <summary>A plain or quoted scalar value, then the end of its line.</summary>
    private YamlScalar ReadScalar(int indent, Mark start)
    {
        var c = _text[_pos];
        if (c is '"' or '\'')
        {
            var end = c == '"' ? ScanDoubleQuoted(_pos, out var value) : ScanSingleQuoted(_pos, out value);
            if (end < 0)
            {
                throw DeclinedException.Instance;
            }
            // An anchored scalar starts at its anchor: its value is not the text from its start.
            if (value is null && start.Index != _pos)
            {
                value = _text[(_pos + 1)..(end - 1)];
            }
            var scalar = Scalar(value, c == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted, start, At(end));
            _pos = end;
            ExpectLineEnd();
            return scalar;
        }
        return IsPlainStart(_pos, flow: false) ? ReadPlain(indent, start) : throw DeclinedException.Instance;
    }

    /// <summary>
    /// A plain scalar in block context. It goes on over lines indented deeper than its collection
    /// (<paramref name="indent"/>); one line break folds to a space, each blank line to a newline.
    /// </summary>
    private YamlScalar ReadPlain(int indent, Mark start)
    {
        var from = _pos;
        var stop = ScanPlainLine(from, flow: false, out var end, out var stopAt);
        if (stop == PlainStop.Colon)
        {
            throw DeclinedException.Instance;
        }
        var endMark = At(end);
        StringBuilder? folded = null;
        while (stop == PlainStop.LineEnd && stopAt < _text.Length)
        {
            // Look past the line break and any blank lines, without moving, for a continuation line.
            var next = stopAt;
            var breaks = 0;
            var line = _line;
            var lineStart = _lineStart;
            while (next < _text.Length && _text[next] == '\n')
            {
                breaks++;
                next++;
                line++;
                lineStart = next;
                while (next < _text.Length && _text[next] == ' ')
                {
                    next++;
                }
            }
            if (next >= _text.Length || next - lineStart <= indent)
            {
                break;
            }
            if (_text[next] is '#' or '\t')
            {
                throw DeclinedException.Instance;
            }
            stop = ScanPlainLine(next, flow: false, out var lineEnd, out var lineStop);
            if (stop != PlainStop.LineEnd)
            {
                throw DeclinedException.Instance;
            }
            folded ??= Builder().Append(_text, from, end - from);
            if (breaks == 1)
            {
                folded.Append(' ');
            }
            else
            {
                folded.Append('\n', breaks - 1);
            }
            folded.Append(_text, next, lineEnd - next);
            _line = line;
            _lineStart = lineStart;
            endMark = At(lineEnd);
            stopAt = lineStop;
        }
        // Left to be read from the text when needed, unless folded, or anchored (the node starts at its anchor).
        var value = folded is not null ? Built(folded) : start.Index != from ? _text[from..end] : null;
        var scalar = Scalar(value, ScalarStyle.Plain, start, endMark);
        _pos = stopAt;
        ExpectLineEnd();
        return scalar;
    }

    /// <summary>
    /// A literal (`|`) or folded (`>`) block scalar with auto-detected indentation and optional
    /// chomping, folded as YAML 1.2 §8.1 says. Ends at the start of the first line that is not part of it.
    /// </summary>
    private YamlScalar ReadBlockScalar(int indent, Mark start)
    {
        var literal = _text[_pos] == '|';
        _pos++;
        var chomping = 0;
        if (Peek(_pos) is '-' or '+')
        {
            chomping = _text[_pos] == '-' ? -1 : 1;
            _pos++;
        }
        if (char.IsAsciiDigit(Peek(_pos)) || !IsBlankOrEnd(_pos))
        {
            throw DeclinedException.Instance;
        }
        ExpectLineEnd();

        // The indentation is that of the first non-blank line.
        var probe = _pos;
        var deepestBlank = 0;
        int firstIndent;
        while (true)
        {
            var lineStart = probe;
            while (probe < _text.Length && _text[probe] == ' ')
            {
                probe++;
            }
            if (probe >= _text.Length)
            {
                throw DeclinedException.Instance;
            }
            if (_text[probe] != '\n')
            {
                firstIndent = probe - lineStart;
                break;
            }
            deepestBlank = Math.Max(deepestBlank, probe - lineStart);
            probe++;
        }
        var blockIndent = Math.Max(firstIndent, Math.Max(indent + 1, 1));
        // YamlDotNet refuses some blank lines with spaces before the first line ("extra spaces in first line"); leave them to it.
        if (firstIndent < blockIndent || deepestBlank > 0 || _text[probe] == '\t')
        {
            throw DeclinedException.Instance;
        }

        var content = Builder();
        var leadingBreak = false;
        var leadingBlank = false;
        var trailingBreaks = CountBlankLines(blockIndent);
        while (true)
        {
            // At the start of a content line indented at least blockIndent.
            var lineContent = _pos + blockIndent;
            var trailingBlank = _text[lineContent] is ' ' or '\t';
            if (!literal && leadingBreak && !leadingBlank && !trailingBlank)
            {
                if (trailingBreaks == 0)
                {
                    content.Append(' ');
                }
            }
            else if (leadingBreak)
            {
                content.Append('\n');
            }
            content.Append('\n', trailingBreaks);
            leadingBlank = trailingBlank;
            var lineEnd = _text.IndexOf('\n', lineContent);
            if (lineEnd < 0)
            {
                content.Append(_text, lineContent, _text.Length - lineContent);
                _pos = _text.Length;
                leadingBreak = false;
                trailingBreaks = 0;
                break;
            }
            content.Append(_text, lineContent, lineEnd - lineContent);
            _pos = lineEnd;
            NewLine();
            leadingBreak = true;
            trailingBreaks = CountBlankLines(blockIndent);
            if (_pos >= _text.Length || IndentAt(_pos) < blockIndent)
            {
                break;
            }
        }
        if (chomping != -1 && leadingBreak)
        {
            content.Append('\n');
        }
        if (chomping == 1)
        {
            content.Append('\n', trailingBreaks);
        }
        return Scalar(Built(content), literal ? ScalarStyle.Literal : ScalarStyle.Folded, start, Here);
    }

    /// <summary>Skips lines of spaces only (at most <paramref name="blockIndent"/> of them) and counts them.</summary>
    private int CountBlankLines(int blockIndent)
    {
        var count = 0;
        while (true)
        {
            var spaces = IndentAt(_pos);
            var after = _pos + spaces;
            if (after >= _text.Length)
            {
                // Spaces and then the end of the file: leave it to the general reader.
                if (spaces > 0)
                {
                    throw DeclinedException.Instance;
                }
                return count;
            }
            if (_text[after] != '\n')
            {
                return count;
            }
            if (spaces > blockIndent)
            {
                throw DeclinedException.Instance;
            }
            _pos = after;
            NewLine();
            count++;
        }
    }

    private int IndentAt(int lineStart)
    {
        var i = lineStart;
        while (i < _text.Length && _text[i] == ' ')
        {
            i++;
        }
        return i - lineStart;
    }

    // ---- flow context --------------------------------------------------------------------------

    /// <summary>`[...]` or `{...}`, over as many lines as it takes (a JSON file is one of these).</summary>
    private YamlNode ReadFlowCollection(int blockIndent, Mark start)
    {
        Enter();
        var isMapping = _text[_pos] == '{';
        var close = isMapping ? '}' : ']';
        _pos++;
        SkipFlowSpace(blockIndent);
        var entries = isMapping ? Buffer(_entryBuffers) : null;
        var items = isMapping ? null : Buffer(_itemBuffers);
        var skimmedKeys = isMapping ? Buffer(_skimmedKeyBuffers) : null;
        HashSet<string>? keys = null;
        HashSet<SkimmedKey>? skimmedKeySet = null;
        if (Peek(_pos) != close)
        {
            while (true)
            {
                if (entries is not null)
                {
                    var key = ReadFlowKey();
                    if (_skimming)
                    {
                        AddSkimmedKey(skimmedKeys!, ref skimmedKeySet);
                    }
                    else if (!MappingKeys.TryAdd(entries, ref keys, key))
                    {
                        throw DeclinedException.Instance;
                    }
                    SkipFlowSpace(blockIndent);
                    if (Peek(_pos) is ',' or '}')
                    {
                        throw DeclinedException.Instance;
                    }
                    var value = ReadFlowNode(blockIndent);
                    if (!_skimming)
                    {
                        entries.Add(new KeyValuePair<YamlNode, YamlNode>(key, value));
                    }
                }
                else
                {
                    var item = ReadFlowNode(blockIndent);
                    if (!_skimming)
                    {
                        items!.Add(item);
                    }
                }
                SkipFlowSpace(blockIndent);
                var c = Peek(_pos);
                if (c == close)
                {
                    break;
                }
                if (c != ',')
                {
                    throw DeclinedException.Instance;
                }
                _pos++;
                SkipFlowSpace(blockIndent);
                if (Peek(_pos) is ',' or ']' or '}')
                {
                    throw DeclinedException.Instance;
                }
            }
        }
        var end = Here;
        _pos++;
        _depth--;
        skimmedKeys?.Clear();
        if (_skimming)
        {
            return isMapping ? SkimmedMapping : SkimmedSequence;
        }
        return entries is not null ? new YamlMapping(Collect(entries), Span(start, end)) : new YamlSequence(Collect(items!), Span(start, end));
    }

    /// <summary>A flow mapping key and its colon, on one line. A quoted key may touch its colon (`"a":1`), as JSON writes it.</summary>
    private YamlScalar ReadFlowKey()
    {
        var from = _pos;
        var c = Peek(from);
        int end;
        string? value;
        ScalarStyle style;
        if (c is '"' or '\'')
        {
            end = c == '"' ? ScanDoubleQuoted(from, out value) : ScanSingleQuoted(from, out value);
            style = c == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted;
        }
        else if (from < _text.Length && IsPlainStart(from, flow: true))
        {
            var stop = ScanPlainLine(from, flow: true, out end, out _);
            if (stop != PlainStop.Colon)
            {
                throw DeclinedException.Instance;
            }
            value = null;
            style = ScalarStyle.Plain;
        }
        else
        {
            throw DeclinedException.Instance;
        }
        if (end < 0 || end - from > MaxKeyLength)
        {
            throw DeclinedException.Instance;
        }
        var colon = end;
        while (colon < _text.Length && _text[colon] == ' ')
        {
            colon++;
        }
        if (Peek(colon) != ':')
        {
            throw DeclinedException.Instance;
        }
        _lastKey = KeyOf(from, end, style, value);
        var key = Scalar(value, style, Here, At(end));
        _pos = colon + 1;
        return key;
    }

    private YamlNode ReadFlowNode(int blockIndent)
    {
        var from = _pos;
        var c = Peek(from);
        if (c is '[' or '{')
        {
            return ReadFlowCollection(blockIndent, Here);
        }
        if (c is '"' or '\'')
        {
            var end = c == '"' ? ScanDoubleQuoted(from, out var quoted) : ScanSingleQuoted(from, out quoted);
            if (end < 0)
            {
                throw DeclinedException.Instance;
            }
            var scalar = Scalar(quoted, c == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted, Here, At(end));
            _pos = end;
            return scalar;
        }
        if (from < _text.Length && IsPlainStart(from, flow: true))
        {
            var stop = ScanPlainLine(from, flow: true, out var end, out var stopAt);
            if (stop == PlainStop.Colon)
            {
                throw DeclinedException.Instance;
            }
            var scalar = Scalar(null, ScalarStyle.Plain, Here, At(end));
            _pos = stopAt;
            return scalar;
        }
        throw DeclinedException.Instance;
    }

    /// <summary>
    /// Spaces, tabs, line breaks and comments between flow tokens. Inside a block collection every line
    /// must be indented deeper than it; a line that is not is left to the general reader.
    /// </summary>
    private void SkipFlowSpace(int blockIndent)
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t')
            {
                _pos++;
            }
            else if (c == '\n')
            {
                NewLine();
                var spaces = IndentAt(_pos);
                var first = Peek(_pos + spaces);
                if (spaces <= blockIndent && first is not ('\n' or '\0'))
                {
                    throw DeclinedException.Instance;
                }
            }
            else if (c == '#' && (_pos == _lineStart || _text[_pos - 1] is ' ' or '\t'))
            {
                SkipToLineEnd();
            }
            else
            {
                return;
            }
        }
    }

    // ---- scalars -------------------------------------------------------------------------------

    private enum PlainStop
    {
        LineEnd,
        Colon,
        Comment,
        FlowIndicator,
    }

    /// <summary>
    /// Scans one line of a plain scalar from <paramref name="from"/>. <paramref name="end"/> is past its
    /// last non-space character; <paramref name="stopAt"/> is where it stopped: the line break or end of
    /// text, the `:` of `: `, the `#` of ` #`, or (in flow context) a `,[]{}`.
    /// </summary>
    private PlainStop ScanPlainLine(int from, bool flow, out int end, out int stopAt)
    {
        var stops = flow ? FlowPlainStops : BlockPlainStops;
        var i = from;
        PlainStop stop;
        while (true)
        {
            var hit = _text.AsSpan(i).IndexOfAny(stops);
            if (hit < 0)
            {
                i = _text.Length;
                stop = PlainStop.LineEnd;
                break;
            }
            i += hit;
            var c = _text[i];
            if (c == '\n')
            {
                stop = PlainStop.LineEnd;
                break;
            }
            if (c == '\t')
            {
                throw DeclinedException.Instance;
            }
            if (c == ':')
            {
                var next = Peek(i + 1);
                if (next is ' ' or '\n' or '\0')
                {
                    stop = PlainStop.Colon;
                    break;
                }
                if (flow && next is ',' or '[' or ']' or '{' or '}')
                {
                    // Readers differ on `a:[` and `a:,` in flow context.
                    throw DeclinedException.Instance;
                }
                i++;
                continue;
            }
            if (c == '*')
            {
                // YamlDotNet reads ` *word` inside a plain scalar as an alias, and a colon after it as text.
                if (_text[i - 1] == ' ')
                {
                    throw DeclinedException.Instance;
                }
                i++;
                continue;
            }
            if (c == '#')
            {
                if (_text[i - 1] == ' ')
                {
                    stop = PlainStop.Comment;
                    break;
                }
                i++;
                continue;
            }
            stop = PlainStop.FlowIndicator;
            break;
        }
        stopAt = i;
        while (i > from && _text[i - 1] == ' ')
        {
            i--;
        }
        end = i;
        return stop;
    }

    /// <summary>Whether a plain scalar may start here; the indicators `?` and `:` starting one are left to the general reader.</summary>
    private bool IsPlainStart(int i, bool flow)
    {
        switch (_text[i])
        {
            case '-':
                var next = Peek(i + 1);
                return next is not (' ' or '\n' or '\t' or '\0') && !(flow && next is ',' or '[' or ']' or '{' or '}');
            case '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`':
            case ' ' or '\t' or '\n':
                return false;
            default:
                return true;
        }
    }

    /// <summary>A one-line single-quoted scalar from its opening quote: the index past the closing quote, or -1 when it goes over lines.</summary>
    private int ScanSingleQuoted(int from, out string? value)
    {
        value = null;
        StringBuilder? unescaped = null;
        var i = from + 1;
        var runStart = i;
        while (true)
        {
            var hit = _text.AsSpan(i).IndexOfAny(SingleQuotedStops);
            if (hit < 0)
            {
                throw DeclinedException.Instance;
            }
            i += hit;
            if (_text[i] == '\n')
            {
                return -1;
            }
            if (Peek(i + 1) == '\'')
            {
                (unescaped ??= Builder()).Append(_text, runStart, i + 1 - runStart);
                i += 2;
                runStart = i;
                continue;
            }
            // Built even when skimming: a key with escapes is compared by its value.
            value = unescaped?.Append(_text, runStart, i - runStart).ToString();
            return i + 1;
        }
    }

    /// <summary>A one-line double-quoted scalar from its opening quote: the index past the closing quote, or -1 when it goes over lines.</summary>
    private int ScanDoubleQuoted(int from, out string? value)
    {
        value = null;
        StringBuilder? unescaped = null;
        var i = from + 1;
        var runStart = i;
        while (true)
        {
            var hit = _text.AsSpan(i).IndexOfAny(DoubleQuotedStops);
            if (hit < 0)
            {
                throw DeclinedException.Instance;
            }
            i += hit;
            var c = _text[i];
            if (c == '\n')
            {
                return -1;
            }
            if (c == '"')
            {
                // Built even when skimming: a key with escapes is compared by its value.
                value = unescaped?.Append(_text, runStart, i - runStart).ToString();
                return i + 1;
            }
            unescaped ??= Builder();
            unescaped.Append(_text, runStart, i - runStart);
            i = AppendEscape(i, unescaped);
            runStart = i;
        }
    }

    /// <summary>Appends the character of the escape at <paramref name="backslash"/> (YAML 1.2 §5.7); returns the index after it.</summary>
    private int AppendEscape(int backslash, StringBuilder to)
    {
        var c = Peek(backslash + 1);
        char? simple = c switch
        {
            '0' => '\0',
            'a' => '\a',
            'b' => '\b',
            't' or '\t' => '\t',
            'n' => '\n',
            'v' => '\v',
            'f' => '\f',
            'r' => '\r',
            'e' => '\u001B',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u0085',
            '_' => '\u00A0',
            'L' => '\u2028',
            'P' => '\u2029',
            _ => null,
        };
        if (simple is { } one)
        {
            to.Append(one);
            return backslash + 2;
        }
        var digits = c switch
        {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => throw DeclinedException.Instance,
        };
        var hexStart = backslash + 2;
        if (hexStart + digits > _text.Length
            || !int.TryParse(_text.AsSpan(hexStart, digits), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code)
            || code is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
        {
            throw DeclinedException.Instance;
        }
        to.Append(char.ConvertFromUtf32(code));
        return hexStart + digits;
    }

    // ---- positions and small steps -------------------------------------------------------------

    private readonly record struct Mark(int Line, int Column, int Index);

    /// <summary>The position now; only valid on the current line.</summary>
    private Mark Here => At(_pos);

    private int Column => _pos - _lineStart;

    private Mark At(int index) => new(_line, index - _lineStart + 1, index);

    /// <summary>
    /// Where the token after a block collection starts, which is where the collection ends. At the end
    /// of a text whose last line has no line break, YamlDotNet counts one more line.
    /// </summary>
    private Mark NextTokenMark() =>
        _pos >= _text.Length && _lineStart < _text.Length ? new Mark(_line + 1, 1, _text.Length) : Here;

    private SourceSpan Span(Mark start, Mark end) =>
        new(start.Line, start.Column, end.Line, end.Column, SourceIndex(start), SourceIndex(end));

    /// <summary>
    /// Where an index of the text read is in the source: after a CR for every line break before it. The
    /// end of the text is the end of the source, whatever line YamlDotNet counts it on.
    /// </summary>
    private int SourceIndex(Mark mark) =>
        ReferenceEquals(_text, _source) ? mark.Index
        : mark.Index >= _text.Length ? _source.Length
        : mark.Index + mark.Line - 1;

    /// <summary>A scalar node; a null <paramref name="value"/> means the text between the marks, quotes aside, read when needed.</summary>
    private YamlScalar Scalar(string? value, ScalarStyle style, Mark start, Mark end)
    {
        Count();
        if (_skimming)
        {
            return Skimmed;
        }
        return value is null ? new YamlScalar(_source, style, Span(start, end)) : new YamlScalar(value, style, null, Span(start, end));
    }

    /// <summary>A key as it stands in the text, to compare without building it; a quoted key with escapes carries its value.</summary>
    private static SkimmedKey KeyOf(int from, int end, ScalarStyle style, string? unescaped) =>
        unescaped is not null ? new SkimmedKey(from, 0, unescaped)
        : style == ScalarStyle.Plain ? new SkimmedKey(from, end - from, null)
        : new SkimmedKey(from + 1, end - from - 2, null);

    private void Enter()
    {
        Count();
        if (++_depth > MaxDepth)
        {
            throw DeclinedException.Instance;
        }
    }

    private void Count()
    {
        if (++_nodes > YamlDocumentParser.MaxNodes)
        {
            throw DeclinedException.Instance;
        }
    }

    private string Built(StringBuilder builder) => _skimming ? string.Empty : builder.ToString();

    /// <summary>
    /// The list to gather the entries of the collection at the current depth in. Lists are kept per depth
    /// and reused; a closed collection gets an array of exactly its size, not a list grown by doubling.
    /// </summary>
    private List<T> Buffer<T>(List<List<T>> byDepth)
    {
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

    private char Peek(int i) => i < _text.Length ? _text[i] : '\0';

    private bool IsBlankOrEnd(int i) => Peek(i) is ' ' or '\n' or '\0';

    private bool AtSequenceEntry() => _text[_pos] == '-' && IsBlankOrEnd(_pos + 1);

    private bool AtDocumentMarker(char marker) =>
        _pos == _lineStart && _pos + 3 <= _text.Length
        && _text[_pos] == marker && _text[_pos + 1] == marker && _text[_pos + 2] == marker
        && IsBlankOrEnd(_pos + 3);

    private bool AtEndOfDocument() => _pos >= _text.Length || AtDocumentMarker('-') || AtDocumentMarker('.');

    private bool AtLineEndOrComment() => Peek(_pos) is '\n' or '\0' or '#';

    private void NewLine()
    {
        _pos++;
        _line++;
        _lineStart = _pos;
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] == ' ')
        {
            _pos++;
        }
        if (Peek(_pos) == '\t')
        {
            throw DeclinedException.Instance;
        }
    }

    private void SkipToLineEnd()
    {
        var lineEnd = _text.IndexOf('\n', _pos);
        _pos = lineEnd < 0 ? _text.Length : lineEnd;
    }

    /// <summary>Blank lines, indentation and comment lines between block tokens.</summary>
    private void SkipSpaceAndComments()
    {
        while (_pos < _text.Length)
        {
            switch (_text[_pos])
            {
                case ' ':
                    _pos++;
                    break;
                case '\n':
                    NewLine();
                    break;
                case '#':
                    SkipToLineEnd();
                    break;
                case '\t':
                    throw DeclinedException.Instance;
                default:
                    return;
            }
        }
    }

    /// <summary>Spaces and an optional comment (after a space) to the end of the line, which is passed.</summary>
    private void ExpectLineEnd()
    {
        SkipSpaces();
        var c = Peek(_pos);
        if (c == '#')
        {
            if (_pos > _lineStart && _text[_pos - 1] != ' ')
            {
                throw DeclinedException.Instance;
            }
            SkipToLineEnd();
            c = Peek(_pos);
        }
        if (c == '\n')
        {
            NewLine();
        }
        else if (c != '\0')
        {
            throw DeclinedException.Instance;
        }
    }

    /// <summary>A key of a mapping not built: where it stands in the text, or its value when it has escapes.</summary>
    private readonly record struct SkimmedKey(int Start, int Length, string? Unescaped);

    private sealed class SkimmedKeyComparer(string text) : IEqualityComparer<SkimmedKey>
    {
        public ReadOnlySpan<char> Text(SkimmedKey key) => key.Unescaped ?? text.AsSpan(key.Start, key.Length);

        public bool Equals(SkimmedKey x, SkimmedKey y) => Text(x).SequenceEqual(Text(y));

        public int GetHashCode(SkimmedKey obj) => string.GetHashCode(Text(obj), StringComparison.Ordinal);
    }

    /// <summary>Thrown, once allocated, when a document the filter left out shows a key it keeps documents for.</summary>
    private sealed class KeepDocumentException : Exception
    {
        public static readonly KeepDocumentException Instance = new();
    }

    /// <summary>Thrown, once allocated, to leave the text to the general reader.</summary>
    private sealed class DeclinedException : Exception
    {
        public static readonly DeclinedException Instance = new();
    }
}
