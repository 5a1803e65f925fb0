using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Workloads;

/// <summary>One image reference in a pod spec: where it is written and what it parses to.</summary>
/// <param name="Field">The path from the document root, e.g. `spec.template.spec.initContainers[0].image`.</param>
/// <param name="Container">The container's or image volume's name, when it has one.</param>
/// <param name="Reference">The parsed reference, or null when it does not parse (see <paramref name="Error"/>).</param>
internal sealed record ImageOccurrence(
    PodTemplateSite Pod,
    YamlScalar Scalar,
    string Field,
    string? Container,
    ImageReference? Reference,
    string? Error)
{
    public string Raw => Scalar.Value;
}
