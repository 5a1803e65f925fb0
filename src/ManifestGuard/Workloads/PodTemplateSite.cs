using ManifestGuard.Yaml;

namespace ManifestGuard.Workloads;

/// <summary>A pod spec inside an object, with the metadata (annotations, labels) of the pod it makes.</summary>
/// <param name="Path">The dotted path from the object to the template, e.g. `spec.template`; empty for a Pod.</param>
internal sealed record PodTemplateSite(ManifestObject Owner, string Path, YamlMapping? Metadata, YamlMapping Spec)
{
    private readonly string? _specPath;
    private readonly string? _metadataPath;

    /// <summary>`Path.` or empty, to prefix field paths with.</summary>
    public string FieldPrefix => Owner.FieldPrefix + (Path.Length == 0 ? "" : Path + ".");

    /// <summary>Where the images of <see cref="Spec"/> are.</summary>
    public PodShape Shape { get; init; } = PodShape.PodSpec;

    /// <summary>
    /// The path from the object to <see cref="Spec"/>: `Path.spec` for a pod template; empty for the object itself.
    /// </summary>
    public string SpecPath
    {
        get => _specPath ?? Join(Path, "spec");
        init => _specPath = value;
    }

    /// <summary>The path from the object to <see cref="Metadata"/>: `Path.metadata` for a pod template.</summary>
    public string MetadataPath
    {
        get => _metadataPath ?? Join(Path, "metadata");
        init => _metadataPath = value;
    }

    /// <summary>The path of <see cref="Metadata"/> from the document root, as findings name it.</summary>
    public string MetadataField => Owner.FieldPrefix + MetadataPath;

    /// <summary>
    /// The prefix of field paths inside <see cref="Spec"/> from the document root, e.g. `spec.template.spec.`.
    /// </summary>
    public string SpecFieldPrefix => Owner.FieldPrefix + (SpecPath.Length == 0 ? "" : SpecPath + ".");

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
