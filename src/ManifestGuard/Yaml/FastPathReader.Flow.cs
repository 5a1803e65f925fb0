namespace ManifestGuard.Yaml;

/// <summary>Flow context: `[...]` and `{...}`, which is also how a JSON file reads.</summary>
internal sealed partial class FastPathReader
{
    /// <summary>`[...]` or `{...}`, over as many lines as it takes (a JSON file is one of these).</summary>
    private FastPathResult ReadFlowCollection(int blockIndent, Mark start, out YamlNode node)
    {
        node = Skimmed;
        if (!Enter())
        {
            return FastPathResult.Decline;
        }
        var isMapping = _text[_pos] == '{';
        var close = isMapping ? '}' : ']';
        _pos++;
        if (!SkipFlowSpace(blockIndent))
        {
            return FastPathResult.Decline;
        }
        var entries = isMapping ? Buffer(_entryBuffers) : null;
        var items = isMapping ? null : Buffer(_itemBuffers);
        var skimmedKeys = isMapping ? Buffer(_skimmedKeyBuffers) : null;
        HashSet<string>? keys = null;
        HashSet<SkimmedKey>? skimmedKeySet = null;
        if (Peek(_pos) != close)
        {
            while (true)
            {
                var result = entries is not null
                    ? ReadFlowEntry(blockIndent, entries, skimmedKeys!, ref keys, ref skimmedKeySet)
                    : ReadFlowItem(blockIndent, items!);
                if (result != FastPathResult.Ok)
                {
                    return result;
                }
                if (!SkipFlowSpace(blockIndent))
                {
                    return FastPathResult.Decline;
                }
                var c = Peek(_pos);
                if (c == close)
                {
                    break;
                }
                if (c != ',')
                {
                    return FastPathResult.Decline;
                }
                _pos++;
                if (!SkipFlowSpace(blockIndent) || Peek(_pos) is ',' or ']' or '}')
                {
                    return FastPathResult.Decline;
                }
            }
        }
        var end = Here;
        _pos++;
        _depth--;
        skimmedKeys?.Clear();
        node = _skimming ? (isMapping ? SkimmedMapping : SkimmedSequence)
            : entries is not null ? new YamlMapping(Collect(entries), Span(start, end))
            : new YamlSequence(Collect(items!), Span(start, end));
        return FastPathResult.Ok;
    }

    /// <summary>One `key: value` of a flow mapping.</summary>
    private FastPathResult ReadFlowEntry(
        int blockIndent,
        List<KeyValuePair<YamlNode, YamlNode>> entries,
        List<SkimmedKey> skimmedKeys,
        ref HashSet<string>? keys,
        ref HashSet<SkimmedKey>? skimmedKeySet)
    {
        var result = ReadFlowKey(out var key, out var keyText);
        if (result == FastPathResult.Ok)
        {
            result = _skimming ? AddSkimmedKey(skimmedKeys, ref skimmedKeySet, keyText)
                : MappingKeys.TryAdd(entries, ref keys, key) ? FastPathResult.Ok
                : FastPathResult.Decline;
        }
        if (result != FastPathResult.Ok)
        {
            return result;
        }
        if (!SkipFlowSpace(blockIndent) || Peek(_pos) is ',' or '}')
        {
            return FastPathResult.Decline;
        }
        result = ReadFlowNode(blockIndent, out var value);
        if (result == FastPathResult.Ok && !_skimming)
        {
            entries.Add(new KeyValuePair<YamlNode, YamlNode>(key, value));
        }
        return result;
    }

    /// <summary>One item of a flow sequence.</summary>
    private FastPathResult ReadFlowItem(int blockIndent, List<YamlNode> items)
    {
        var result = ReadFlowNode(blockIndent, out var item);
        if (result == FastPathResult.Ok && !_skimming)
        {
            items.Add(item);
        }
        return result;
    }

    /// <summary>
    /// A flow mapping key and its colon, on one line. A quoted key may touch its colon (`"a":1`), as JSON writes it.
    /// </summary>
    private FastPathResult ReadFlowKey(out YamlScalar key, out SkimmedKey keyText)
    {
        key = Skimmed;
        keyText = default;
        var from = _pos;
        var c = Peek(from);
        int end;
        string? value = null;
        if (c is '"' or '\'')
        {
            var scanned = ScanQuoted(from, out end, out value);
            if (scanned != FastPathResult.Ok)
            {
                return scanned;
            }
        }
        else if (from >= _text.Length || !IsPlainStart(from, flow: true)
            || ScanPlainLine(from, flow: true, out end, out _) != PlainStop.Colon)
        {
            return FastPathResult.Decline;
        }
        if (end < 0)
        {
            return FastPathResult.Decline;
        }
        var colon = end + IndentAt(end);
        return Peek(colon) != ':' ? FastPathResult.Decline : ReadKeyAt(from, end, colon, value, out key, out keyText);
    }

    private FastPathResult ReadFlowNode(int blockIndent, out YamlNode node)
    {
        node = Skimmed;
        var from = _pos;
        var c = Peek(from);
        if (c is '[' or '{')
        {
            return ReadFlowCollection(blockIndent, Here, out node);
        }
        FastPathResult result;
        YamlScalar scalar;
        if (c is '"' or '\'')
        {
            var scanned = ScanQuoted(from, out var end, out var quoted);
            if (scanned != FastPathResult.Ok || end < 0)
            {
                return FastPathResult.Decline;
            }
            result = Scalar(quoted, StyleAt(from), Here, At(end), out scalar);
            _pos = end;
        }
        else if (from < _text.Length && IsPlainStart(from, flow: true))
        {
            var stop = ScanPlainLine(from, flow: true, out var end, out var stopAt);
            if (stop is PlainStop.Colon or PlainStop.Unreadable)
            {
                return FastPathResult.Decline;
            }
            result = Scalar(null, ScalarStyle.Plain, Here, At(end), out scalar);
            _pos = stopAt;
        }
        else
        {
            return FastPathResult.Decline;
        }
        node = scalar;
        return result;
    }

    /// <summary>
    /// Spaces, tabs, line breaks and comments between flow tokens. Inside a block collection every line
    /// must be indented deeper than it; false for a line that is not, which is left to the general reader.
    /// </summary>
    private bool SkipFlowSpace(int blockIndent)
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
                if (spaces <= blockIndent && Peek(_pos + spaces) is not ('\n' or '\0'))
                {
                    return false;
                }
            }
            else if (c == '#' && (_pos == _lineStart || _text[_pos - 1] is ' ' or '\t'))
            {
                SkipToLineEnd();
            }
            else
            {
                return true;
            }
        }
        return true;
    }
}
