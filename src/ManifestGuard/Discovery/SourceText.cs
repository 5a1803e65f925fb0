namespace ManifestGuard.Discovery;

/// <summary>A file's decoded text and the name it is reported under.</summary>
internal sealed class SourceText
{
    private int[]? _lineStarts;
    private IReadOnlyDictionary<int, string>? _excerpt;

    public SourceText(string displayPath, string? fullPath, string text)
    {
        DisplayPath = displayPath;
        FullPath = fullPath;
        Text = text;
    }

    /// <summary>The name stdin is reported under.</summary>
    public const string StdinName = "<stdin>";

    /// <summary>Relative to the scan root with `/` separators, or <see cref="StdinName"/>.</summary>
    public string DisplayPath { get; }

    /// <summary>The file on disk, or null for stdin.</summary>
    public string? FullPath { get; }

    public string Text { get; }

    /// <summary>Why the file was not read (an I/O error, or larger than maxFileSize), as a message for the user; the text is then empty.</summary>
    public string? Unreadable { get; init; }

    /// <summary>
    /// The same file reduced to the lines given, for reports: a scan keeps this instead of the whole
    /// text, so its memory follows the findings, not the size of the files.
    /// </summary>
    public SourceText Excerpt(IEnumerable<int> lines)
    {
        var kept = new Dictionary<int, string>();
        foreach (var line in lines)
        {
            kept.TryAdd(line, Line(line));
        }
        return new SourceText(DisplayPath, FullPath, "") { Unreadable = Unreadable, _excerpt = kept };
    }

    /// <summary>The text of a 1-based line without its line break, or empty past the end (or outside an excerpt).</summary>
    public string Line(int line)
    {
        if (_excerpt is not null)
        {
            return _excerpt.GetValueOrDefault(line, "");
        }
        var starts = LineStarts;
        if (line < 1 || line > starts.Length)
        {
            return "";
        }
        var start = starts[line - 1];
        var end = line < starts.Length ? starts[line] : Text.Length;
        return Text[start..end].TrimEnd('\n').TrimEnd('\r');
    }

    private int[] LineStarts => _lineStarts ??= ComputeLineStarts(Text);

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
        return [.. starts];
    }
}
