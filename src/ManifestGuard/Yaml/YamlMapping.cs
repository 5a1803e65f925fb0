namespace ManifestGuard.Yaml;

internal sealed class YamlMapping : YamlNode
{
    public YamlMapping(IReadOnlyList<KeyValuePair<YamlNode, YamlNode>> entries, SourceSpan span)
        : base(span) => Entries = entries;

    public IReadOnlyList<KeyValuePair<YamlNode, YamlNode>> Entries { get; }

    /// <summary>The value of a scalar key. Duplicate keys are refused by the parser, so the first is the only one.</summary>
    public YamlNode? this[string key]
    {
        get
        {
            foreach (var entry in Entries)
            {
                if (entry.Key is YamlScalar scalar && scalar.ValueEquals(key))
                {
                    return entry.Value;
                }
            }
            return null;
        }
    }

    /// <summary>The key node of an entry, for findings that point at a key (annotations, labels).</summary>
    public YamlScalar? KeyNode(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key is YamlScalar scalar && scalar.ValueEquals(key))
            {
                return scalar;
            }
        }
        return null;
    }
}
