using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>The first thing containers/image's strict reader would refuse, with where it is; the reader stops there as containers/image does.</summary>
internal sealed class ContainersPolicyFormatException : Exception
{
    public ContainersPolicyFormatException(string message, SourceSpan span)
        : base(message) => Span = span;

    public ContainersPolicyFormatException()
    {
    }

    public ContainersPolicyFormatException(string message)
        : base(message)
    {
    }

    public ContainersPolicyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SourceSpan Span { get; }
}
