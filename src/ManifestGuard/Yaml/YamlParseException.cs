namespace ManifestGuard.Yaml;

/// <summary>A file that is not valid YAML or JSON, with the position the parser stopped at.</summary>
public sealed class YamlParseException : Exception
{
    public YamlParseException(string message, int line, int column)
        : base(message)
    {
        Line = line;
        Column = column;
    }

    public YamlParseException()
    {
    }

    public YamlParseException(string message)
        : base(message)
    {
    }

    public YamlParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Line { get; } = 1;

    public int Column { get; } = 1;
}
