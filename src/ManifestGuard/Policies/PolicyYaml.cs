using ManifestGuard.Yaml;

namespace ManifestGuard.Policies;

/// <summary>Small readers for Kubernetes objects and policy files, shared by the formats.</summary>
internal static class PolicyYaml
{
    public static string? Kind(YamlMapping root) => root.ScalarAt("kind");

    public static string? ApiVersion(YamlMapping root) => root.ScalarAt("apiVersion");

    /// <summary>The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``).</summary>
    public static string Group(string? apiVersion)
    {
        if (apiVersion is null)
        {
            return "";
        }
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : apiVersion[..slash];
    }

    public static string? Name(YamlMapping root) => root.ScalarAt("metadata", "name");

    public static string? Namespace(YamlMapping root) => root.ScalarAt("metadata", "namespace");

    /// <summary>kind/name, the way users and `oc` name an object.</summary>
    public static string ObjectName(YamlMapping root) =>
        Namespace(root) is { } ns ? $"{Kind(root)}/{ns}/{Name(root)}" : $"{Kind(root)}/{Name(root)}";

    public static bool IsTrue(YamlNode? node) => node is YamlScalar { Style: ScalarStyle.Plain } s && s.Value is "true" or "True" or "TRUE";

    /// <summary>Items of a sequence, or nothing when the node is absent or not a sequence.</summary>
    public static IReadOnlyList<YamlNode> Items(YamlNode? node) => node is YamlSequence sequence ? sequence.Items : [];

    /// <summary>The text to show for a node in a message: the scalar itself, or its kind of collection.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlScalar s => s.Value,
        YamlSequence => "a list",
        _ => "a mapping",
    };
}
