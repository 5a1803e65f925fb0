using System.Text.RegularExpressions;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies;

/// <summary>Small readers for Kubernetes objects and policy files, shared by the formats.</summary>
internal static partial class PolicyYaml
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

    /// <summary>
    /// The JSON type a node reaches the API server as, after kubectl's YAML to JSON conversion (YAML 1.1
    /// resolution): "object", "array", "null", "boolean", "integer", "number" or "string".
    /// </summary>
    public static string JsonType(YamlNode node) => node switch
    {
        YamlMapping => "object",
        YamlSequence => "array",
        YamlScalar { IsNull: true } => "null",
        YamlScalar { Style: ScalarStyle.Plain, Tag: null } s when BooleanPlain().IsMatch(s.Value) => "boolean",
        YamlScalar { Style: ScalarStyle.Plain, Tag: null } s when IntegerPlain().IsMatch(s.Value) => "integer",
        YamlScalar { Style: ScalarStyle.Plain, Tag: null } s when FloatPlain().IsMatch(s.Value) => "number",
        _ => "string",
    };

    [GeneratedRegex("^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\\z")]
    private static partial Regex BooleanPlain();

    [GeneratedRegex("^(?:[-+]?(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+)\\z")]
    private static partial Regex IntegerPlain();

    [GeneratedRegex("^(?:[-+]?[0-9][0-9_]*\\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?\\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))\\z")]
    private static partial Regex FloatPlain();
}
