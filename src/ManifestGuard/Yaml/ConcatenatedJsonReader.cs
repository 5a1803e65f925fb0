namespace ManifestGuard.Yaml;

/// <summary>
/// Reads a stream of JSON objects written one after another (`{…}{…}`, or one per line), as `kubectl
/// apply -f` does: a stream whose first character (after white space) is `{` is JSON, and each object
/// in it is one document. YAML reads only the first object of such a stream and stops at the second,
/// so this reader is asked only when YAML fails. Each object is parsed on its own and its positions are
/// moved to where it stands in the whole text, so lines, columns and offsets are those of the file.
/// </summary>
internal static class ConcatenatedJsonReader
{
    /// <summary>The documents, or null when the text is not two or more JSON objects one after another.</summary>
    public static YamlDocumentParser.Result? TryRead(string text, DocumentFilter? filter)
    {
        var objects = Split(text);
        if (objects is null || objects.Count < 2)
        {
            return null;
        }
        var documents = new List<YamlNode>();
        var line = 1;
        var lineStart = 0;
        var counted = 0;
        foreach (var (start, end) in objects)
        {
            for (; counted < start; counted++)
            {
                if (text[counted] == '\n')
                {
                    line++;
                    lineStart = counted + 1;
                }
            }
            var origin = new Origin(line - 1, start - lineStart, start);
            var parsed = YamlDocumentParser.Parse(text[start..end], filter);
            documents.AddRange(parsed.Documents.Select(origin.Move));
            if (parsed.Error is { } error)
            {
                var (errorLine, errorColumn) = origin.Move(error.Line, error.Column);
                var moved = new YamlParseException(error.Message, errorLine, errorColumn);
                return new YamlDocumentParser.Result(documents, moved);
            }
        }
        return new YamlDocumentParser.Result(documents, null);
    }

    /// <summary>
    /// The [start, end) ranges of the top-level objects, found by matching braces outside strings; null
    /// when something other than an object stands between them. An unclosed last object runs to the end,
    /// so its parse error says where it breaks.
    /// </summary>
    internal static List<(int Start, int End)>? Split(string text)
    {
        var objects = new List<(int Start, int End)>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }
            if (i == text.Length)
            {
                return objects;
            }
            if (text[i] != '{')
            {
                return null;
            }
            var start = i;
            var depth = 0;
            var inString = false;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }
                }
                else if (c == '"')
                {
                    inString = true;
                }
                else if (c is '{' or '[')
                {
                    depth++;
                }
                else if (c is '}' or ']' && --depth == 0)
                {
                    i++;
                    break;
                }
            }
            objects.Add((start, Math.Min(i, text.Length)));
        }
    }

    /// <summary>Where an object starts: lines before it, columns before it on its line, characters before it.</summary>
    private sealed record Origin(int Lines, int Columns, int Offset)
    {
        public (int Line, int Column) Move(int line, int column) =>
            (line + Lines, line == 1 ? column + Columns : column);

        public SourceSpan Move(SourceSpan span)
        {
            var (startLine, startColumn) = Move(span.StartLine, span.StartColumn);
            var (endLine, endColumn) = Move(span.EndLine, span.EndColumn);
            return new SourceSpan(startLine, startColumn, endLine, endColumn,
                span.StartOffset < 0 ? span.StartOffset : span.StartOffset + Offset,
                span.EndOffset < 0 ? span.EndOffset : span.EndOffset + Offset);
        }

        public YamlNode Move(YamlNode node) => node switch
        {
            YamlScalar scalar => new YamlScalar(scalar.Value, scalar.Style, scalar.Tag, Move(scalar.Span)),
            YamlSequence sequence => new YamlSequence([.. sequence.Items.Select(Move)], Move(sequence.Span)),
            YamlMapping mapping => new YamlMapping(
                [.. mapping.Entries.Select(entry => KeyValuePair.Create(Move(entry.Key), Move(entry.Value)))],
                Move(mapping.Span)),
            _ => throw new InvalidOperationException($"unexpected node type {node.GetType().Name}"),
        };
    }
}
