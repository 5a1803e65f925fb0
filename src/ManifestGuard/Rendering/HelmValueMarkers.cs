using System.Text;
using System.Text.RegularExpressions;
using ManifestGuard.Discovery;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>
/// Helm keeps no record of which value produced which output, so the chart is rendered once more with each
/// string value of its values files replaced by a unique marker (`zzmg000001zz`: valid in every part of an
/// image reference). A marker found in a rendered image field names the values line that set those characters.
/// Numbers, booleans, nulls, empty strings and block scalars keep their values: replacing them could change
/// which branches a template takes. Markers are keyed by value path where the variant's files merge exactly
/// (<see cref="ByPath"/>), so variants that differ only in strings share one marked render; else by file
/// position (<see cref="PerFile"/>).
/// </summary>
internal sealed partial class HelmValueMarkers
{
    private readonly List<(SourceLocation Location, SourceText File, string Value)> _values = [];

    private HelmValueMarkers()
    {
    }

    /// <summary>The values files to pass, in order, strings replaced (one merged file when by path).</summary>
    public IReadOnlyList<string> MarkedTexts { get; private set; } = [];

    public int Count => _values.Count;

    /// <summary>True when the markers are keyed by value path over one merged file.</summary>
    public bool IsByPath { get; private set; }

    /// <summary>The values line of a marker, its file, and the value it stands for.</summary>
    public (SourceLocation Location, SourceText File, string Value) this[int id] => _values[id];

    /// <summary>Markers by value path when the files merge exactly, else by file position.</summary>
    public static HelmValueMarkers For(IReadOnlyList<SourceText> valuesFiles) =>
        ByPath(valuesFiles) ?? PerFile(valuesFiles);

    /// <summary>
    /// Whether a marked value occurs in one of the images: when none does, no marker can place anything
    /// (placing needs the rendered image to be the marked one with the values put back) and the marked render
    /// is not worth running.
    /// </summary>
    public bool AnyOccursIn(IEnumerable<string> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var values = _values.Select(v => v.Value).Distinct(StringComparer.Ordinal).ToList();
        return images.Any(image => values.Exists(value => image.Contains(value, StringComparison.Ordinal)));
    }

    /// <summary>Each values file marked where it is written, one marker per string scalar.</summary>
    public static HelmValueMarkers PerFile(IReadOnlyList<SourceText> valuesFiles)
    {
        ArgumentNullException.ThrowIfNull(valuesFiles);
        var markers = new HelmValueMarkers();
        var texts = new List<string>();
        foreach (var file in valuesFiles)
        {
            var parsed = YamlDocumentParser.Parse(file.Text);
            if (parsed.Error is not null)
            {
                texts.Add(file.Text);
                continue;
            }
            var scalars = new List<YamlScalar>();
            foreach (var document in parsed.Documents)
            {
                CollectValues(document, scalars, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance));
            }
            var marked = new StringBuilder(file.Text);
            foreach (var scalar in scalars.OrderByDescending(s => s.Span.StartOffset))
            {
                var id = markers._values.Count;
                markers._values.Add((new SourceLocation(file.DisplayPath, scalar.Span), file, scalar.Value));
                marked.Remove(scalar.Span.StartOffset, scalar.Span.Length)
                    .Insert(scalar.Span.StartOffset, "\"" + Marker(id) + "\"");
            }
            texts.Add(marked.ToString());
        }
        markers.MarkedTexts = texts;
        return markers;
    }

    public static string Marker(int id) => $"zzmg{id:D6}zz";

    /// <summary>The markers in a rendered string: where each starts and ends, and its id.</summary>
    public static IEnumerable<(int Start, int Length, int Id)> Find(string text)
    {
        foreach (Match match in MarkerPattern().Matches(text))
        {
            var id = int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            yield return (match.Index, match.Length, id);
        }
    }

    /// <summary>Mapping values and sequence items that are strings, each once (aliases share a scalar).</summary>
    private static void CollectValues(YamlNode node, List<YamlScalar> found, HashSet<YamlNode> seen)
    {
        if (!seen.Add(node))
        {
            return;
        }
        switch (node)
        {
            case YamlMapping map:
                foreach (var entry in map.Entries)
                {
                    CollectValues(entry.Value, found, seen);
                }
                break;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    CollectValues(item, found, seen);
                }
                break;
            case YamlScalar scalar when IsString(scalar):
                found.Add(scalar);
                break;
        }
    }

    /// <summary>The scalars a marker replaces: strings with a place in their file.</summary>
    private static bool IsString(YamlScalar scalar) =>
        scalar.Value.Length > 0 && scalar.Span.StartOffset >= 0 && scalar.Tag is null && scalar.Style switch
        {
            ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted => true,
            ScalarStyle.Plain => !scalar.IsNull && !IsTypedPlain(scalar.Value)
                && !scalar.Value.Contains('\n', StringComparison.Ordinal),
            _ => false,
        };

    /// <summary>A plain scalar's text that YAML (1.1, as Helm reads it) types as a boolean or number.</summary>
    public static bool IsTypedPlain(string text) => TypedPlain().IsMatch(text);

    [GeneratedRegex(@"zzmg(\d{6})zz")]
    private static partial Regex MarkerPattern();

    /// <summary>Plain scalars that YAML (1.1, as Helm reads it) types as booleans or numbers.</summary>
    [GeneratedRegex(@"^(?:[-+]?(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex TypedPlain();
}
