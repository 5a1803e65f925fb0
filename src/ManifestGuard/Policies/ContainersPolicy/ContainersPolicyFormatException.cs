using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>The first thing containers/image's strict reader would refuse, with where it is; the reader stops there as containers/image does.</summary>
internal sealed class ContainersPolicyFormatException : ManifestGuardException
{
    public ContainersPolicyFormatException(string message, SourceSpan span)
        : base(ErrorKind.Configuration, message, line: span.StartLine, column: span.StartColumn) => Span = span;

    public ContainersPolicyFormatException(string message, Exception? innerException = null)
        : base(ErrorKind.Configuration, message, innerException: innerException)
    {
    }

    public SourceSpan Span { get; }
}
