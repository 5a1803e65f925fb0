using System.Text.RegularExpressions;
using ManifestGuard.Policies.OpenShiftImagePolicy;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.OpenShift3;

/// <summary>
/// Whether a Kubernetes label selector converts to a selector (apimachinery's LabelSelectorAsSelector): keys are
/// qualified names, values are label values, operators are In, NotIn, Exists, DoesNotExist, In and NotIn need
/// values and Exists and DoesNotExist take none.
/// </summary>
internal static partial class LabelSelectorRules
{
    /// <summary>Null when the selector is valid, else why not.</summary>
    public static string? Check(YamlNode selector)
    {
        if (selector is YamlScalar { IsNull: true })
        {
            return null;
        }
        if (selector is not YamlMapping mapping)
        {
            return "a label selector must be a mapping";
        }
        if (mapping["matchLabels"] is YamlMapping labels)
        {
            foreach (var (keyNode, valueNode) in labels.Entries)
            {
                var key = ((YamlScalar)keyNode).Value;
                var value = LabelValue(valueNode);
                if ((CheckKey(key) ?? CheckValue(value)) is { } error)
                {
                    return error;
                }
            }
        }
        foreach (var item in PolicyYaml.Items(mapping["matchExpressions"]))
        {
            if (item is not YamlMapping expression)
            {
                return "a matchExpressions entry must be a mapping";
            }
            var key = expression.ScalarAt("key") ?? "";
            var values = PolicyYaml.Items(expression["values"]).Select(LabelValue).ToList();
            var error = CheckKey(key) ?? expression.ScalarAt("operator") switch
            {
                "In" or "NotIn" when values.Count == 0 => "for 'in', 'notin' operators, values set can't be empty",
                "Exists" or "DoesNotExist" when values.Count > 0
                    => "values set must be empty for exists and does not exist",
                "In" or "NotIn" or "Exists" or "DoesNotExist"
                    => values.Select(CheckValue).FirstOrDefault(e => e is not null),
                var op => $"\"{op}\" is not a valid label selector operator",
            };
            if (error is not null)
            {
                return error;
            }
        }
        return null;
    }

    /// <summary>A qualified name: an optional DNS-1123 subdomain prefix and `/`, then a 1-63 character name.</summary>
    private static string? CheckKey(string key)
    {
        var parts = key.Split('/');
        var name = parts[^1];
        if (parts.Length > 2)
        {
            return $"key \"{key}\": a qualified name must consist of an optional prefix, '/' and a name";
        }
        var prefix = parts.Length == 2 ? parts[0] : null;
        if (prefix is not null
            && (prefix.Length is 0 or > 253 || !OpenShiftPatterns.Dns1123Subdomain().IsMatch(prefix)))
        {
            return $"key \"{key}\": the prefix part must be a non-empty DNS-1123 subdomain";
        }
        return name.Length is 0 or > 63 || !Name().IsMatch(name)
            ? $"key \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.', "
                + "and must start and end with an alphanumeric character (at most 63 characters)"
            : null;
    }

    /// <summary>A YAML null reaches the API as JSON null, which decodes into a Go string as "".</summary>
    private static string LabelValue(YamlNode node) => node is YamlScalar { IsNull: false } scalar ? scalar.Value : "";

    private static string? CheckValue(string value) =>
        value.Length > 63 || (value.Length > 0 && !Name().IsMatch(value))
            ? $"label value \"{value}\": must be 63 characters or less and consist of alphanumeric characters, "
                + "'-', '_' or '.', starting and ending with an alphanumeric character"
            : null;

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\\z")]
    private static partial Regex Name();
}
