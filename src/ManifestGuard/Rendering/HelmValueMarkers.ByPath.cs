using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ManifestGuard.Discovery;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>Markers keyed by value path: the variant's files merged into one marked file.</summary>
internal sealed partial class HelmValueMarkers
{
    /// <summary>
    /// The files merged as Helm merges them (<see cref="HelmMergedValues"/>) and written as one file, each
    /// string leaf replaced by the marker of its path: markers are numbered in key order, so two variants whose
    /// merged values differ only in strings write the same text and can share one render, while each maps a
    /// marker to its own leaf (file, line, value). Null when the files cannot be merged exactly.
    /// </summary>
    public static HelmValueMarkers? ByPath(IReadOnlyList<SourceText> valuesFiles)
    {
        if (HelmMergedValues.Merge(valuesFiles) is not { } merged)
        {
            return null;
        }
        var markers = new HelmValueMarkers { IsByPath = true };
        var text = new StringBuilder();
        markers.Write(merged, text);
        text.Append('\n');
        markers.MarkedTexts = [text.ToString()];
        return markers;
    }

    /// <summary>
    /// JSON-shaped YAML: strings other than markers written as JSON strings (whose escapes YAML's double-quoted
    /// style reads alike), numbers, booleans and nulls as written in their file, so Helm types them as before.
    /// </summary>
    private void Write(HelmMergedValues value, StringBuilder text)
    {
        switch (value)
        {
            case HelmMergedValues.Mapping mapping:
                text.Append('{');
                var first = true;
                foreach (var (key, entry) in mapping.Entries)
                {
                    text.Append(first ? "" : ", ").Append(Quoted(key)).Append(": ");
                    Write(entry, text);
                    first = false;
                }
                text.Append('}');
                break;
            case HelmMergedValues.Sequence sequence:
                text.Append('[');
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    Write(sequence.Items[i], text);
                }
                text.Append(']');
                break;
            case HelmMergedValues.Scalar { Value: var scalar, File: var file }:
                if (IsString(scalar))
                {
                    text.Append('"').Append(Marker(_values.Count)).Append('"');
                    _values.Add((new SourceLocation(file.DisplayPath, scalar.Span), file, scalar.Value));
                }
                else if (scalar.IsNull)
                {
                    text.Append("null");
                }
                else if (scalar.Style == ScalarStyle.Plain && IsTypedPlain(scalar.Value))
                {
                    text.Append(scalar.Value);
                }
                else
                {
                    text.Append(Quoted(scalar.Value));
                }
                break;
        }
    }

    /// <summary>A string as a JSON string, which YAML's double-quoted style reads alike.</summary>
    internal static string Quoted(string value) =>
        "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value + "\"";
}
