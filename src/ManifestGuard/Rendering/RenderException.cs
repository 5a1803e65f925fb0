namespace ManifestGuard.Rendering;

/// <summary>The application could not be rendered (no kubectl, a kustomization that does not build).</summary>
public sealed class RenderException : Exception
{
    public RenderException()
    {
    }

    public RenderException(string message)
        : base(message)
    {
    }

    public RenderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
