namespace ManifestGuard.Yaml;

/// <summary>Literal (`|`) and folded (`>`) block scalars.</summary>
internal sealed partial class FastPathReader
{
    /// <summary>
    /// A literal (`|`) or folded (`>`) block scalar with auto-detected indentation and optional
    /// chomping, folded as YAML 1.2 §8.1 says. Ends at the start of the first line that is not part of it.
    /// </summary>
    private FastPathResult ReadBlockScalar(int indent, Mark start, out YamlNode node)
    {
        node = Skimmed;
        var literal = _text[_pos] == '|';
        _pos++;
        var chomping = 0;
        if (Peek(_pos) is '-' or '+')
        {
            chomping = _text[_pos] == '-' ? -1 : 1;
            _pos++;
        }
        if (char.IsAsciiDigit(Peek(_pos)) || !IsBlankOrEnd(_pos) || !ExpectLineEnd())
        {
            return FastPathResult.Decline;
        }
        if (!TryFindBlockIndent(indent, out var blockIndent) || !CountBlankLines(blockIndent, out var trailingBreaks))
        {
            return FastPathResult.Decline;
        }

        var content = Builder();
        var leadingBreak = false;
        var leadingBlank = false;
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
            if (!CountBlankLines(blockIndent, out trailingBreaks))
            {
                return FastPathResult.Decline;
            }
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
        var style = literal ? ScalarStyle.Literal : ScalarStyle.Folded;
        var result = Scalar(Built(content), style, start, Here, out var scalar);
        node = scalar;
        return result;
    }

    /// <summary>
    /// The indentation of the block scalar's content: that of its first non-blank line, looked at without
    /// moving. False for the layouts left to the general reader.
    /// </summary>
    private bool TryFindBlockIndent(int indent, out int blockIndent)
    {
        blockIndent = 0;
        var probe = _pos;
        var deepestBlank = 0;
        int firstIndent;
        while (true)
        {
            var spaces = IndentAt(probe);
            probe += spaces;
            if (probe >= _text.Length)
            {
                return false;
            }
            if (_text[probe] != '\n')
            {
                firstIndent = spaces;
                break;
            }
            deepestBlank = Math.Max(deepestBlank, spaces);
            probe++;
        }
        blockIndent = Math.Max(firstIndent, Math.Max(indent + 1, 1));
        // YamlDotNet refuses some blank lines with spaces before the first line ("extra spaces in first line"); leave
        // them to it.
        return firstIndent >= blockIndent && deepestBlank == 0 && _text[probe] != '\t';
    }

    /// <summary>Skips lines of spaces only (at most <paramref name="blockIndent"/> of them) and counts them.</summary>
    private bool CountBlankLines(int blockIndent, out int count)
    {
        count = 0;
        while (true)
        {
            var spaces = IndentAt(_pos);
            var after = _pos + spaces;
            if (after >= _text.Length)
            {
                // Spaces and then the end of the file: leave it to the general reader.
                return spaces == 0;
            }
            if (_text[after] != '\n')
            {
                return true;
            }
            if (spaces > blockIndent)
            {
                return false;
            }
            _pos = after;
            NewLine();
            count++;
        }
    }
}
