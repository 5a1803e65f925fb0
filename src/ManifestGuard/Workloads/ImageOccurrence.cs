using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Workloads;

/// <summary>One image reference in a pod spec: where it is written and what it parses to.</summary>
/// <param name="Field">The path from the document root, e.g. `spec.template.spec.initContainers[0].image`.</param>
/// <param name="Container">The container's or image volume's name, when it has one.</param>
/// <param name="Reference">
/// The parsed reference, or null when it does not parse (see <paramref name="Error"/>) or is not evaluated.
/// </param>
internal sealed record ImageOccurrence(
    PodTemplateSite Pod,
    YamlScalar Scalar,
    string Field,
    string? Container,
    ImageReference? Reference,
    string? Error)
{
    public string Raw => Scalar.Value;

    /// <summary>
    /// Written with OpenShift Template parameters: evaluated with their defaults, never rewritten by pin.
    /// </summary>
    public bool UsesParameters { get; init; }

    /// <summary>
    /// Why the reference was not evaluated (a template parameter without a default); null when it was.
    /// </summary>
    public string? NotEvaluated { get; init; }
}
