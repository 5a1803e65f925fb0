namespace ManifestGuard.Pinning;

/// <summary>A file pin refuses to touch: not UTF-8, changed since it was read, or an edit that no longer fits the text.</summary>
internal sealed class PinningException : ManifestGuardException
{
    public PinningException(string message, Exception? innerException = null)
        : base(ErrorKind.Runtime, message, innerException: innerException)
    {
    }
}
