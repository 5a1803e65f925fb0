using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Yaml;

namespace ManifestGuard.Workloads;

/// <summary>
/// A Kubernetes object read from a file: a document, an item of a `List`, or an OpenShift Template's object.
/// </summary>
/// <param name="FieldPrefix">How to reach the object from its document root, e.g. `items[2].`; empty for a document.</param>
internal sealed record ManifestObject(SourceText Source, YamlMapping Root, ResourceIdentity Identity, string FieldPrefix)
{
    /// <summary>The parameters of the Template the object belongs to, or null outside a Template.</summary>
    public TemplateParameters? TemplateParameters { get; init; }

    /// <summary>Reads apiVersion, kind and metadata; null for a document that is not a Kubernetes object.</summary>
    public static ManifestObject? From(SourceText source, YamlNode node, string fieldPrefix = "")
    {
        if (node is not YamlMapping root || root.ScalarAt("apiVersion") is not { Length: > 0 } apiVersion || root.ScalarAt("kind") is not { Length: > 0 } kind)
        {
            return null;
        }
        var identity = new ResourceIdentity(apiVersion, kind, NonEmpty(root.ScalarAt("metadata", "namespace")), NonEmpty(root.ScalarAt("metadata", "name")));
        return new ManifestObject(source, root, identity, fieldPrefix);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
