namespace ManifestGuard.Rendering;

/// <summary>The application could not be rendered (no kubectl, a kustomization that does not build).</summary>
internal sealed class RenderException : ManifestGuardException
{
    public RenderException(string message, Exception? innerException = null)
        : base(ErrorKind.Runtime, message, innerException: innerException)
    {
    }
}
