namespace ManifestGuard.Configuration;

/// <summary>A configuration or policy file the tool cannot use: exit code 2, with the file, line and key.</summary>
internal sealed class ConfigurationException : ManifestGuardException
{
    public ConfigurationException(string message, string file, int line, int column)
        : base(ErrorKind.Configuration, message, file, line, column)
    {
    }

    public ConfigurationException(string message, Exception? innerException = null)
        : base(ErrorKind.Configuration, message, innerException: innerException)
    {
    }
}
