using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ManifestGuard.Yaml;

/// <summary>Plain and one-line quoted scalars, and the keys written with them.</summary>
internal sealed partial class FastPathReader
{
    private static readonly SearchValues<char> BlockPlainStops = SearchValues.Create(":#*\n\t");
    private static readonly SearchValues<char> FlowPlainStops = SearchValues.Create(":#*\n\t,[]{}");
    private static readonly SearchValues<char> DoubleQuotedStops = SearchValues.Create("\"\\\n");
    private static readonly SearchValues<char> SingleQuotedStops = SearchValues.Create("'\n");

    /// <summary>Where one line of a plain scalar stops.</summary>
    private enum PlainStop
    {
        LineEnd,
        Colon,
        Comment,
        FlowIndicator,

        /// <summary>A tab, or text that YAML readers read differently (` *word`, `a:[` in flow): declined.</summary>
        Unreadable,
    }

    /// <summary>
    /// A key (a one-line plain or quoted scalar followed by `: ` or a colon at the line end) at the
    /// position; when there is one, the position is just past the colon. <paramref name="key"/> is null
    /// when there is no key here, and the position has not moved.
    /// </summary>
    private FastPathResult TryReadKey(out YamlScalar? key, out SkimmedKey keyText)
    {
        key = null;
        keyText = default;
        var from = _pos;
        var c = _text[from];
        string? value;
        int end;
        int colon;
        if (c is '"' or '\'')
        {
            var scanned = ScanQuoted(from, out end, out value);
            if (scanned != FastPathResult.Ok || end < 0)
            {
                return scanned;
            }
            colon = end + IndentAt(end);
            if (Peek(colon) != ':' || !IsBlankOrEnd(colon + 1))
            {
                return FastPathResult.Ok;
            }
        }
        else if (IsPlainStart(from, flow: false))
        {
            var stop = ScanPlainLine(from, flow: false, out end, out colon);
            if (stop == PlainStop.Unreadable)
            {
                return FastPathResult.Decline;
            }
            if (stop != PlainStop.Colon)
            {
                return FastPathResult.Ok;
            }
            value = null;
        }
        else
        {
            return FastPathResult.Ok;
        }
        var result = ReadKeyAt(from, end, colon, value, out var scalar, out keyText);
        key = scalar;
        return result;
    }

    /// <summary>
    /// The key scanned from <paramref name="from"/> to <paramref name="end"/>, its colon at
    /// <paramref name="colon"/>: as a node, and as text for the duplicate check of a mapping not built.
    /// </summary>
    private FastPathResult ReadKeyAt(
        int from, int end, int colon, string? value, out YamlScalar key, out SkimmedKey keyText)
    {
        Debug.Assert(_text[colon] == ':', "A key ends at its colon.");
        key = Skimmed;
        keyText = default;
        if (end - from > MaxKeyLength)
        {
            return FastPathResult.Decline;
        }
        var style = StyleAt(from);
        keyText = KeyOf(from, end, style, value);
        var result = Scalar(value, style, Here, At(end), out key);
        _pos = colon + 1;
        return result;
    }

    /// <summary>A plain or quoted scalar value, then the end of its line.</summary>
    private FastPathResult ReadScalar(int indent, Mark start, out YamlNode node)
    {
        node = Skimmed;
        if (_text[_pos] is not ('"' or '\''))
        {
            return IsPlainStart(_pos, flow: false) ? ReadPlain(indent, start, out node) : FastPathResult.Decline;
        }
        var scanned = ScanQuoted(_pos, out var end, out var value);
        if (scanned != FastPathResult.Ok || end < 0)
        {
            return FastPathResult.Decline;
        }
        // An anchored scalar starts at its anchor: its value is not the text from its start.
        if (value is null && start.Index != _pos)
        {
            value = _text[(_pos + 1)..(end - 1)];
        }
        var result = Scalar(value, StyleAt(_pos), start, At(end), out var scalar);
        node = scalar;
        _pos = end;
        return ThenLineEnd(result);
    }

    /// <summary>
    /// A plain scalar in block context. It goes on over lines indented deeper than its collection
    /// (<paramref name="indent"/>); one line break folds to a space, each blank line to a newline.
    /// </summary>
    private FastPathResult ReadPlain(int indent, Mark start, out YamlNode node)
    {
        node = Skimmed;
        var from = _pos;
        var stop = ScanPlainLine(from, flow: false, out var end, out var stopAt);
        if (stop is PlainStop.Colon or PlainStop.Unreadable)
        {
            return FastPathResult.Decline;
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
                next += IndentAt(next);
            }
            if (next >= _text.Length || next - lineStart <= indent)
            {
                break;
            }
            if (_text[next] is '#' or '\t')
            {
                return FastPathResult.Decline;
            }
            stop = ScanPlainLine(next, flow: false, out var lineEnd, out var lineStop);
            if (stop != PlainStop.LineEnd)
            {
                return FastPathResult.Decline;
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
        var result = Scalar(value, ScalarStyle.Plain, start, endMark, out var scalar);
        node = scalar;
        _pos = stopAt;
        return ThenLineEnd(result);
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
        var stop = PlainStop.LineEnd;
        while (true)
        {
            var hit = _text.AsSpan(i).IndexOfAny(stops);
            if (hit < 0)
            {
                i = _text.Length;
                break;
            }
            i += hit;
            var c = _text[i];
            if (c == '\n')
            {
                break;
            }
            if (c == '\t')
            {
                stop = PlainStop.Unreadable;
                break;
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
                    stop = PlainStop.Unreadable;
                    break;
                }
                i++;
                continue;
            }
            if (c is '*' or '#' && _text[i - 1] == ' ')
            {
                // YamlDotNet reads ` *word` inside a plain scalar as an alias, and a colon after it as text.
                stop = c == '#' ? PlainStop.Comment : PlainStop.Unreadable;
                break;
            }
            if (c is '*' or '#')
            {
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

    /// <summary>
    /// Whether a plain scalar may start here; the indicators `?` and `:` starting one are left to the general reader.
    /// </summary>
    private bool IsPlainStart(int i, bool flow)
    {
        switch (_text[i])
        {
            case '-':
                var next = Peek(i + 1);
                return next is not (' ' or '\n' or '\t' or '\0') && !(flow && next is ',' or '[' or ']' or '{' or '}');
            case '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"'
                or '%' or '@' or '`':
            case ' ' or '\t' or '\n':
                return false;
            default:
                return true;
        }
    }

    /// <summary>The style of the scalar starting at <paramref name="from"/>, by its first character.</summary>
    private ScalarStyle StyleAt(int from) => _text[from] switch
    {
        '"' => ScalarStyle.DoubleQuoted,
        '\'' => ScalarStyle.SingleQuoted,
        _ => ScalarStyle.Plain,
    };

    /// <summary>
    /// A one-line quoted scalar from its opening quote. <paramref name="end"/> is the index past the
    /// closing quote, or -1 when the scalar goes over lines; <paramref name="value"/> is null when the
    /// value is the text between the quotes as it stands (no escapes, no doubled single quotes).
    /// </summary>
    private FastPathResult ScanQuoted(int from, out int end, out string? value)
    {
        var quote = _text[from];
        var stops = quote == '"' ? DoubleQuotedStops : SingleQuotedStops;
        end = -1;
        value = null;
        StringBuilder? unescaped = null;
        var i = from + 1;
        var runStart = i;
        while (true)
        {
            var hit = _text.AsSpan(i).IndexOfAny(stops);
            if (hit < 0)
            {
                return FastPathResult.Decline;
            }
            i += hit;
            var c = _text[i];
            if (c == '\n')
            {
                return FastPathResult.Ok;
            }
            if (c == '\'' && Peek(i + 1) == '\'')
            {
                (unescaped ??= Builder()).Append(_text, runStart, i + 1 - runStart);
                i += 2;
            }
            else if (c == '\\')
            {
                (unescaped ??= Builder()).Append(_text, runStart, i - runStart);
                i = AppendEscape(i, unescaped);
                if (i < 0)
                {
                    return FastPathResult.Decline;
                }
            }
            else
            {
                Debug.Assert(c == quote, "A quoted scalar stops at its closing quote.");
                // Built even when skimming: a key with escapes is compared by its value.
                value = unescaped?.Append(_text, runStart, i - runStart).ToString();
                end = i + 1;
                return FastPathResult.Ok;
            }
            runStart = i;
        }
    }

    /// <summary>
    /// Appends the character of the escape at <paramref name="backslash"/> (YAML 1.2 §5.7); returns the
    /// index after it, or -1 for an escape that is not one.
    /// </summary>
    private int AppendEscape(int backslash, StringBuilder to)
    {
        const NumberStyles HexDigitsOnly = NumberStyles.AllowHexSpecifier;
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
            _ => 0,
        };
        var hexStart = backslash + 2;
        if (digits == 0
            || hexStart + digits > _text.Length
            || !int.TryParse(_text.AsSpan(hexStart, digits), HexDigitsOnly, CultureInfo.InvariantCulture, out var code)
            || code is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
        {
            return -1;
        }
        to.Append(char.ConvertFromUtf32(code));
        return hexStart + digits;
    }
}
