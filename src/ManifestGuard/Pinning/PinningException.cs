namespace ManifestGuard.Pinning;

/// <summary>A file pin refuses to touch: not UTF-8, changed since it was read, or an edit that no longer fits the text.</summary>
internal sealed class PinningException : ManifestGuardException
{
    public PinningException()
        : this("pinning failed")
    {
    }

    public PinningException(string message)
        : base(ErrorKind.Runtime, message)
    {
    }

    public PinningException(string message, Exception innerException)
        : base(ErrorKind.Runtime, message, innerException: innerException)
    {
    }
}
