using ManifestGuard.Yaml;

namespace ManifestGuard.Workloads;

/// <summary>A pod spec inside an object, with the metadata (annotations, labels) of the pod it makes.</summary>
/// <param name="Path">The dotted path from the object to the template, e.g. `spec.template`; empty for a Pod.</param>
internal sealed record PodTemplateSite(ManifestObject Owner, string Path, YamlMapping? Metadata, YamlMapping Spec)
{
    /// <summary>`Path.` or empty, to prefix field paths with.</summary>
    public string FieldPrefix => Owner.FieldPrefix + (Path.Length == 0 ? "" : Path + ".");
}
