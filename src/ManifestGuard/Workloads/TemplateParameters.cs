using System.Text;

namespace ManifestGuard.Workloads;

/// <summary>
/// The `parameters` of an OpenShift Template and the `${NAME}` (or `${{NAME}}`) references its objects
/// make to them. An image written with references is evaluated with the parameters' default `value`s, as
/// `oc process` without `-p` would produce it; a parameter without a value (required, or generated)
/// leaves the image not evaluated: what it will be is only known when the template is processed.
/// </summary>
internal sealed class TemplateParameters
{
    private readonly IReadOnlyDictionary<string, string?> _defaults;

    private TemplateParameters(IReadOnlyDictionary<string, string?> defaults)
    {
        _defaults = defaults;
    }

    /// <summary>Parameter name → its default `value`, or null when it has none.</summary>
    public static TemplateParameters Read(Yaml.YamlNode? parameters)
    {
        var defaults = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (parameters is Yaml.YamlSequence sequence)
        {
            foreach (var item in sequence.Items.OfType<Yaml.YamlMapping>())
            {
                if (item.ScalarAt("name") is { Length: > 0 } name)
                {
                    defaults[name] = item["value"] is Yaml.YamlScalar { IsNull: false } value ? value.Value : null;
                }
            }
        }
        return new TemplateParameters(defaults);
    }

    /// <summary>What a finding on an image made of parameters adds: the image judged, and where to change it.</summary>
    public static string EvaluationNote(string? evaluated) =>
        $" (evaluated with the template's parameter defaults as \"{evaluated}\"; "
        + "pin does not rewrite parameters: change the parameter's value)";

    /// <summary>Whether the text refers to a parameter at all.</summary>
    public static bool HasReference(string text) => text.Contains("${", StringComparison.Ordinal);

    /// <summary>
    /// The text with every reference replaced by its parameter's default, or false with the reason it
    /// cannot be: a parameter without a default value, or a name the template does not declare.
    /// </summary>
    public bool TryResolve(string text, out string resolved, out string reason)
    {
        var result = new StringBuilder(text.Length);
        var at = 0;
        while (at < text.Length)
        {
            var start = text.IndexOf("${", at, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }
            var braces = text.AsSpan(start).StartsWith("${{") ? 2 : 1;
            var nameStart = start + 1 + braces;
            var end = text.IndexOf(new string('}', braces), nameStart, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }
            var name = text[nameStart..end];
            result.Append(text, at, start - at);
            if (!_defaults.TryGetValue(name, out var value))
            {
                (resolved, reason) = ("", $"${{{name}}} is not a parameter of the template");
                return false;
            }
            if (value is null)
            {
                (resolved, reason) = ("", $"template parameter {name} has no default value; "
                    + "the image is known only when the template is processed");
                return false;
            }
            result.Append(value);
            at = end + braces;
        }
        result.Append(text, at, text.Length - at);
        (resolved, reason) = (result.ToString(), "");
        return true;
    }
}
