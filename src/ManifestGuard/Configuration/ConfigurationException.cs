namespace ManifestGuard.Configuration;

/// <summary>A configuration or policy file the tool cannot use: exit code 2, with the file, line and key.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message, string file, int line, int column)
        : base(message)
    {
        File = file;
        Line = line;
        Column = column;
    }

    public ConfigurationException()
    {
        File = "";
    }

    public ConfigurationException(string message)
        : base(message)
    {
        File = "";
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "";
    }

    public string File { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>file:line:col: message, the form editors and terminals link.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
