namespace ManifestGuard.Workloads;

/// <summary>
/// A field that holds one image outside the container lists of a pod spec (an operator's `spec.image`,
/// Argo's `container.image`), relative to the pod spec it belongs to.
/// </summary>
/// <param name="DefaultContainer">The container's name when the mapping that holds the image names none.</param>
internal sealed record ImageField(FieldPath Path, string? DefaultContainer = null)
{
    public ImageField(string path, string? defaultContainer = null)
        : this(FieldPath.Of(path), defaultContainer)
    {
    }
}
