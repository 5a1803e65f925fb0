using System.Globalization;
using System.Text;
using ManifestGuard.Yaml;

namespace ManifestGuard.Tests.Yaml;

/// <summary>
/// A text form of parsed documents that shows everything the scan relies on: kinds, values, styles,
/// tags, every span, and which nodes an alias shares. Two readers agree when their dumps are equal.
/// </summary>
internal static class YamlTreeDump
{
    public static string Of(IReadOnlyList<YamlNode> documents)
    {
        var output = new StringBuilder();
        var ids = new Dictionary<YamlNode, int>(ReferenceEqualityComparer.Instance);
        foreach (var document in documents)
        {
            output.Append("--- document\n");
            Write(document, 0, output, ids);
        }
        return output.ToString();
    }

    private static void Write(YamlNode node, int depth, StringBuilder output, Dictionary<YamlNode, int> ids)
    {
        output.Append(' ', depth * 2);
        if (ids.TryGetValue(node, out var seen))
        {
            output.Append(CultureInfo.InvariantCulture, $"*node{seen}\n");
            return;
        }
        var id = ids.Count;
        ids[node] = id;
        var span = node.Span;
        output.Append(CultureInfo.InvariantCulture, $"#{id} {span.StartLine}:{span.StartColumn}@{span.StartOffset}-{span.EndLine}:{span.EndColumn}@{span.EndOffset} ");
        switch (node)
        {
            case YamlScalar scalar:
                output.Append(CultureInfo.InvariantCulture, $"{scalar.Style} {scalar.Tag ?? "-"} \"{Escape(scalar.Value)}\"\n");
                break;
            case YamlMapping mapping:
                output.Append("mapping\n");
                foreach (var (key, value) in mapping.Entries)
                {
                    Write(key, depth + 1, output, ids);
                    Write(value, depth + 2, output, ids);
                }
                break;
            case YamlSequence sequence:
                output.Append("sequence\n");
                foreach (var item in sequence.Items)
                {
                    Write(item, depth + 1, output, ids);
                }
                break;
        }
    }

    private static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '\\' => "\\\\",
                '"' => "\\\"",
                < ' ' or '\u007F' => $"\\x{(int)c:X2}",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
