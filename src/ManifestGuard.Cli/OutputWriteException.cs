namespace ManifestGuard.Cli;

/// <summary>A report could not be written to `--output`: a runtime failure (exit 3) naming the user's path.</summary>
internal sealed class OutputWriteException : IOException
{
    public OutputWriteException(string path, string reason, Exception inner)
        : base($"cannot write the report to {path}: {reason}", inner)
    {
        Path = path;
    }

    public string Path { get; }
}
