namespace ManifestGuard;

/// <summary>
/// The base of every error the engine raises on purpose: it says what kind of failure it is and, when it
/// is known, where (file, line, column), so the CLI turns any of them into one `file:line:col: message` line.
/// </summary>
internal class ManifestGuardException : Exception
{
    public ManifestGuardException(
        ErrorKind kind,
        string message,
        string? file = null,
        int line = 0,
        int column = 0,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        File = string.IsNullOrEmpty(file) ? null : file;
        Line = line;
        Column = column;
    }

    public ErrorKind Kind { get; }

    /// <summary>The file the error is in, as the user named it; null when the error belongs to no file.</summary>
    public string? File { get; }

    /// <summary>1-based; 0 when only the file is known.</summary>
    public int Line { get; }

    /// <summary>1-based; 0 when only the file (or line) is known.</summary>
    public int Column { get; }

    /// <summary>`file:line:col`, `file:line` or `file`, the forms editors link; empty without a file.</summary>
    public string Location => (File, Line, Column) switch
    {
        (null, _, _) => "",
        (_, <= 0, _) => File,
        (_, _, <= 0) => $"{File}:{Line}",
        _ => $"{File}:{Line}:{Column}",
    };

    /// <summary>`file:line:col: message`, never a stack trace: this is what users see.</summary>
    public override string ToString() => File is null ? Message : $"{Location}: {Message}";
}
