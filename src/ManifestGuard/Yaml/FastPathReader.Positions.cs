using System.Diagnostics;

namespace ManifestGuard.Yaml;

/// <summary>Positions, lines, and the spaces, comments and line ends between tokens.</summary>
internal sealed partial class FastPathReader
{
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

    private char Peek(int i) => i < _text.Length ? _text[i] : '\0';

    private bool IsBlankOrEnd(int i) => Peek(i) is ' ' or '\n' or '\0';

    private bool AtSequenceEntry() => _text[_pos] == '-' && IsBlankOrEnd(_pos + 1);

    private bool AtDocumentMarker(char marker) =>
        _pos == _lineStart && _pos + 3 <= _text.Length
        && _text[_pos] == marker && _text[_pos + 1] == marker && _text[_pos + 2] == marker
        && IsBlankOrEnd(_pos + 3);

    private bool AtEndOfDocument() => _pos >= _text.Length || AtDocumentMarker('-') || AtDocumentMarker('.');

    private bool AtLineEndOrComment() => Peek(_pos) is '\n' or '\0' or '#';

    private int IndentAt(int lineStart)
    {
        var i = lineStart;
        while (i < _text.Length && _text[i] == ' ')
        {
            i++;
        }
        return i - lineStart;
    }

    /// <summary>Passes the line break at the position.</summary>
    private void NewLine()
    {
        Debug.Assert(_text[_pos] == '\n', "A new line starts after a line break.");
        _pos++;
        _line++;
        _lineStart = _pos;
    }

    /// <summary>Spaces up to the next token on the line; false at a tab, which readers treat differently.</summary>
    private bool SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] == ' ')
        {
            _pos++;
        }
        return Peek(_pos) != '\t';
    }

    private void SkipToLineEnd()
    {
        var lineEnd = _text.IndexOf('\n', _pos);
        _pos = lineEnd < 0 ? _text.Length : lineEnd;
    }

    /// <summary>Blank lines, indentation and comment lines between block tokens; false at a tab.</summary>
    private bool SkipSpaceAndComments()
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
                    return false;
                default:
                    return true;
            }
        }
        return true;
    }

    /// <summary>
    /// Spaces and an optional comment (after a space) to the end of the line, which is passed; false when
    /// anything else is left on the line.
    /// </summary>
    private bool ExpectLineEnd()
    {
        if (!SkipSpaces())
        {
            return false;
        }
        var c = Peek(_pos);
        if (c == '#')
        {
            if (_pos > _lineStart && _text[_pos - 1] != ' ')
            {
                return false;
            }
            SkipToLineEnd();
            c = Peek(_pos);
        }
        if (c == '\n')
        {
            NewLine();
            return true;
        }
        return c == '\0';
    }

    /// <summary><see cref="ExpectLineEnd"/> after a node that was read: the node's result, or a decline.</summary>
    private FastPathResult ThenLineEnd(FastPathResult read) =>
        read != FastPathResult.Ok ? read : ExpectLineEnd() ? FastPathResult.Ok : FastPathResult.Decline;
}
