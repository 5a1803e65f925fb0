using System.Diagnostics;

namespace ManifestGuard.Yaml;

/// <summary>
/// Block context: mappings and sequences laid out by indentation, the values under them, anchors and aliases.
/// </summary>
internal sealed partial class FastPathReader
{
    /// <summary>A node that starts a line of its own: a collection, or a scalar under a key.</summary>
    private FastPathResult ReadBlockNode(int parentIndent, Mark start, out YamlNode node)
    {
        var column = Column;
        var c = _text[_pos];
        if (c == '-' && IsBlankOrEnd(_pos + 1))
        {
            return ReadBlockSequence(column, indentless: false, start, out node);
        }
        node = Skimmed;
        if (c is '[' or '{' or '|' or '>' or '&' or '*')
        {
            return parentIndent < 0 && c is not ('[' or '{')
                ? FastPathResult.Decline
                : ReadInlineNode(parentIndent, allowCompact: false, start, out node);
        }
        var keyRead = TryReadKey(out var key, out var keyText);
        if (keyRead != FastPathResult.Ok)
        {
            return keyRead;
        }
        if (key is not null)
        {
            return ReadBlockMapping(column, key, keyText, start, isDocumentRoot: parentIndent < 0, out node);
        }
        // A document that is one scalar is not a manifest; leave it to the general reader.
        return parentIndent < 0 ? FastPathResult.Decline : ReadScalar(parentIndent, start, out node);
    }

    /// <summary>
    /// Entries at <paramref name="column"/>; the first key is read, and the position is just after its colon.
    /// </summary>
    private FastPathResult ReadBlockMapping(
        int column, YamlScalar firstKey, SkimmedKey firstKeyText, Mark start, bool isDocumentRoot, out YamlNode node)
    {
        node = SkimmedMapping;
        if (!Enter())
        {
            return FastPathResult.Decline;
        }
        var entries = Buffer(_entryBuffers);
        var skimmedKeys = Buffer(_skimmedKeyBuffers);
        HashSet<string>? keys = null;
        HashSet<SkimmedKey>? skimmedKeySet = null;
        var (key, keyText) = (firstKey, firstKeyText);
        while (true)
        {
            FastPathResult result;
            if (_skimming)
            {
                result = AddSkimmedKey(skimmedKeys, ref skimmedKeySet, keyText);
                if (result == FastPathResult.Ok)
                {
                    result = ReadValue(column, Here, inMapping: true, out _);
                }
            }
            else if (!MappingKeys.TryAdd(entries, ref keys, key))
            {
                result = FastPathResult.Decline;
            }
            else
            {
                YamlNode value;
                result = isDocumentRoot
                    ? ReadRootValue(column, key, entries, out value)
                    : ReadValue(column, Here, inMapping: true, out value);
                if (result == FastPathResult.Ok)
                {
                    entries.Add(new KeyValuePair<YamlNode, YamlNode>(key, value));
                }
            }
            if (result != FastPathResult.Ok)
            {
                return result;
            }
            if (!TryFindNextEntry(column, out var more))
            {
                return FastPathResult.Decline;
            }
            if (!more)
            {
                break;
            }
            var keyRead = TryReadKey(out var nextKey, out keyText);
            if (keyRead != FastPathResult.Ok || nextKey is null)
            {
                return FastPathResult.Decline;
            }
            key = nextKey;
        }
        _depth--;
        skimmedKeys.Clear();
        if (!_skimming)
        {
            node = new YamlMapping(Collect(entries), Span(start, NextTokenMark()));
        }
        return FastPathResult.Ok;
    }

    /// <summary>
    /// Entries `- ` at <paramref name="column"/>; an indentless sequence (a mapping value at the key's column) ends at
    /// the next key.
    /// </summary>
    private FastPathResult ReadBlockSequence(int column, bool indentless, Mark start, out YamlNode node)
    {
        node = SkimmedSequence;
        if (!Enter())
        {
            return FastPathResult.Decline;
        }
        var items = Buffer(_itemBuffers);
        while (true)
        {
            Debug.Assert(AtSequenceEntry(), "Each entry starts at its dash.");
            _pos++;
            var result = ReadValue(column, Here, inMapping: false, out var item);
            if (result != FastPathResult.Ok)
            {
                return result;
            }
            if (!_skimming)
            {
                items.Add(item);
            }
            if (!TryFindNextEntry(column, out var more))
            {
                return FastPathResult.Decline;
            }
            if (!more)
            {
                break;
            }
            if (!AtSequenceEntry())
            {
                if (indentless)
                {
                    break;
                }
                return FastPathResult.Decline;
            }
        }
        _depth--;
        if (!_skimming)
        {
            node = new YamlSequence(Collect(items), Span(start, NextTokenMark()));
        }
        return FastPathResult.Ok;
    }

    /// <summary>
    /// Past the blank and comment lines after an entry of a block collection at <paramref name="column"/>:
    /// <paramref name="more"/> when the next token is at that column, not when the collection has ended
    /// (a lower column, or the end of the document). False for a tab or a token deeper than the entries.
    /// </summary>
    private bool TryFindNextEntry(int column, out bool more)
    {
        more = false;
        if (!SkipSpaceAndComments())
        {
            return false;
        }
        if (AtEndOfDocument() || Column < column)
        {
            return true;
        }
        more = true;
        return Column == column;
    }

    /// <summary>
    /// The value after a key's colon or a sequence dash (<paramref name="indicatorEnd"/> is just past
    /// it): on the same line, on the lines below, or empty (a null scalar where the indicator ends).
    /// </summary>
    private FastPathResult ReadValue(int indent, Mark indicatorEnd, bool inMapping, out YamlNode node)
    {
        node = Skimmed;
        if (!SkipSpaces())
        {
            return FastPathResult.Decline;
        }
        if (!AtLineEndOrComment())
        {
            return ReadInlineNode(indent, allowCompact: !inMapping, Here, out node);
        }
        if (!ExpectLineEnd() || !SkipSpaceAndComments())
        {
            return FastPathResult.Decline;
        }
        if (!AtEndOfDocument())
        {
            if (Column > indent)
            {
                return ReadBlockNode(indent, Here, out node);
            }
            if (inMapping && Column == indent && AtSequenceEntry())
            {
                return ReadBlockSequence(indent, indentless: true, Here, out node);
            }
        }
        var result = Scalar(string.Empty, ScalarStyle.Plain, indicatorEnd, indicatorEnd, out var empty);
        node = empty;
        return result;
    }

    /// <summary>
    /// A node that starts on the current line after an indicator. <paramref name="allowCompact"/>: after
    /// a dash, a mapping or sequence may start on the same line (`- name: x`, `- - a`).
    /// </summary>
    private FastPathResult ReadInlineNode(int indent, bool allowCompact, Mark start, out YamlNode node)
    {
        node = Skimmed;
        switch (_text[_pos])
        {
            case '&':
                return ReadAnchored(indent, out node);
            case '*':
                return ThenLineEnd(ReadAlias(out node));
            case '|' or '>':
                return ReadBlockScalar(indent, start, out node);
            case '[' or '{':
                return ThenLineEnd(ReadFlowCollection(indent, start, out node));
            case '-' when IsBlankOrEnd(_pos + 1):
                return allowCompact
                    ? ReadBlockSequence(Column, indentless: false, start, out node)
                    : FastPathResult.Decline;
        }
        if (allowCompact)
        {
            var column = Column;
            var keyRead = TryReadKey(out var key, out var keyText);
            if (keyRead != FastPathResult.Ok)
            {
                return keyRead;
            }
            if (key is not null)
            {
                return ReadBlockMapping(column, key, keyText, start, isDocumentRoot: false, out node);
            }
        }
        return ReadScalar(indent, start, out node);
    }

    /// <summary>
    /// `&amp;name` and the node it names, on this line or below; the node's position starts at the anchor.
    /// </summary>
    private FastPathResult ReadAnchored(int indent, out YamlNode node)
    {
        node = Skimmed;
        var start = Here;
        if (!ReadName(out var name) || !SkipSpaces())
        {
            return FastPathResult.Decline;
        }
        FastPathResult result;
        if (AtLineEndOrComment())
        {
            if (!ExpectLineEnd() || !SkipSpaceAndComments()
                || AtEndOfDocument() || Column <= indent || _text[_pos] is '&' or '*')
            {
                return FastPathResult.Decline;
            }
            result = ReadBlockNode(indent, start, out node);
        }
        else
        {
            if (_text[_pos] is '&' or '*')
            {
                return FastPathResult.Decline;
            }
            result = ReadInlineNode(indent, allowCompact: false, start, out node);
        }
        if (result == FastPathResult.Ok)
        {
            (_anchors ??= new Dictionary<string, YamlNode>(StringComparer.Ordinal))[name] = node;
        }
        return result;
    }

    private FastPathResult ReadAlias(out YamlNode node)
    {
        node = Skimmed;
        if (!ReadName(out var name) || _anchors is null || !_anchors.TryGetValue(name, out var anchored))
        {
            return FastPathResult.Decline;
        }
        // A node built before the document was left out, repeated in the part that is not built, could
        // hold a key that keeps the document; read it in full rather than look.
        if (_skimming && anchored != Skimmed && anchored != SkimmedMapping && anchored != SkimmedSequence)
        {
            return FastPathResult.ReadInFull;
        }
        node = anchored;
        return FastPathResult.Ok;
    }

    /// <summary>
    /// The name after `&amp;` or `*`: the characters every YAML reader agrees on, then a space or line end.
    /// </summary>
    private bool ReadName(out string name)
    {
        var from = ++_pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '-' or '_'))
        {
            _pos++;
        }
        name = _text[from.._pos];
        return _pos > from && IsBlankOrEnd(_pos);
    }
}
