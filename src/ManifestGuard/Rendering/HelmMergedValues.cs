using ManifestGuard.Discovery;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>
/// A variant's values files merged as Helm merges `--values` files: mappings key by key, recursively; any
/// other value (a list, a scalar, null) replaces what came before. Each scalar keeps the file it was written
/// in, so a marker keyed by its path still names that file's line. Built only where the merge is exact:
/// <see cref="Merge"/> answers null for what Helm's YAML reader would read differently from ours (merge keys
/// `&lt;&lt;`, tags, keys that are not strings, more than one document, a file that does not parse).
/// </summary>
internal abstract record HelmMergedValues
{
    /// <summary>More nodes than this (aliases repeated under many paths) is not worth one shared render.</summary>
    private const int MaxNodes = 100_000;

    /// <summary>A mapping, keys in ordinal order (Helm's values are unordered maps).</summary>
    internal sealed record Mapping(SortedDictionary<string, HelmMergedValues> Entries) : HelmMergedValues;

    internal sealed record Sequence(IReadOnlyList<HelmMergedValues> Items) : HelmMergedValues;

    internal sealed record Scalar(YamlScalar Value, SourceText File) : HelmMergedValues;

    /// <summary>The files merged in order, or null when one of them cannot be merged exactly.</summary>
    public static Mapping? Merge(IReadOnlyList<SourceText> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var merged = new Mapping(new SortedDictionary<string, HelmMergedValues>(StringComparer.Ordinal));
        var budget = new NodeBudget();
        foreach (var file in files)
        {
            if (HelmValuesTags.AnyIn(file.Text))
            {
                return null;
            }
            var parsed = YamlDocumentParser.Parse(file.Text);
            if (parsed.Error is not null || parsed.Documents.Count > 1)
            {
                return null;
            }
            var root = parsed.Documents.Count == 0 ? null : parsed.Documents[0];
            if (root is YamlScalar { IsNull: true } || root is null)
            {
                continue;
            }
            if (root is not YamlMapping mapping
                || Convert(mapping, file, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance), budget)
                    is not Mapping values)
            {
                return null;
            }
            merged = Over(merged, values);
        }
        return merged;
    }

    /// <summary>Helm's merge of one file's values over what came before, in a new mapping.</summary>
    private static Mapping Over(Mapping before, Mapping next)
    {
        var result = new SortedDictionary<string, HelmMergedValues>(before.Entries, StringComparer.Ordinal);
        foreach (var (key, value) in next.Entries)
        {
            result[key] = value is Mapping inner && result.TryGetValue(key, out var earlier) && earlier is Mapping outer
                ? Over(outer, inner)
                : value;
        }
        return new Mapping(result);
    }

    /// <summary>A parsed node as a merged value, or null where Helm could read it otherwise.</summary>
    private static HelmMergedValues? Convert(
        YamlNode node, SourceText file, HashSet<YamlNode> ancestors, NodeBudget budget)
    {
        if (!budget.Take())
        {
            return null;
        }
        switch (node)
        {
            case YamlScalar scalar:
                return scalar.Tag is null ? new Scalar(scalar, file) : null;
            case YamlMapping or YamlSequence when !ancestors.Add(node):
                return null;
            case YamlMapping mapping:
                var entries = new SortedDictionary<string, HelmMergedValues>(StringComparer.Ordinal);
                foreach (var (keyNode, valueNode) in mapping.Entries)
                {
                    if (StringKey(keyNode) is not { } key
                        || entries.ContainsKey(key)
                        || Convert(valueNode, file, ancestors, budget) is not { } value)
                    {
                        return null;
                    }
                    entries[key] = value;
                }
                ancestors.Remove(node);
                return new Mapping(entries);
            case YamlSequence sequence:
                var items = new List<HelmMergedValues>(sequence.Items.Count);
                foreach (var item in sequence.Items)
                {
                    if (Convert(item, file, ancestors, budget) is not { } value)
                    {
                        return null;
                    }
                    items.Add(value);
                }
                ancestors.Remove(node);
                return new Sequence(items);
            default:
                return null;
        }
    }

    /// <summary>
    /// The key when YAML reads it as a string; null for `&lt;&lt;` (a merge key to Helm's reader), nulls,
    /// numbers, booleans and collections, which Helm's reader turns into other strings or refuses.
    /// </summary>
    private static string? StringKey(YamlNode key) => key switch
    {
        YamlScalar { Tag: null, Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted } quoted
            when quoted.Value != "<<" => quoted.Value,
        YamlScalar { Tag: null, Style: ScalarStyle.Plain, IsNull: false } plain
            when plain.Value != "<<" && !HelmValueMarkers.IsTypedPlain(plain.Value)
            && !plain.Value.Contains('\n', StringComparison.Ordinal) => plain.Value,
        _ => null,
    };

    private sealed class NodeBudget
    {
        private int _left = MaxNodes;

        public bool Take() => --_left >= 0;
    }
}
