namespace ManifestGuard.Pinning;

/// <summary>A file pin refuses to touch: not UTF-8, changed since it was read, or an edit that no longer fits the text.</summary>
public sealed class PinningException : Exception
{
    public PinningException()
    {
    }

    public PinningException(string message)
        : base(message)
    {
    }

    public PinningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
