namespace ManifestGuard.Rendering;

/// <summary>The application could not be rendered (no kubectl, a kustomization that does not build).</summary>
internal sealed class RenderException : ManifestGuardException
{
    public RenderException()
        : this("rendering failed")
    {
    }

    public RenderException(string message)
        : base(ErrorKind.Runtime, message)
    {
    }

    public RenderException(string message, Exception innerException)
        : base(ErrorKind.Runtime, message, innerException: innerException)
    {
    }
}
