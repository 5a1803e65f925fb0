namespace ManifestGuard.Yaml;

/// <summary>A file that is not valid YAML or JSON, with the position the parser stopped at.</summary>
/// <remarks>The parser does not know the file's name; the caller that reports the error adds it.</remarks>
internal sealed class YamlParseException : ManifestGuardException
{
    public YamlParseException(string message, int line, int column)
        : base(ErrorKind.Configuration, message, line: line, column: column)
    {
    }

    public YamlParseException(string message, Exception? innerException = null)
        : base(ErrorKind.Configuration, message, line: 1, column: 1, innerException: innerException)
    {
    }
}
