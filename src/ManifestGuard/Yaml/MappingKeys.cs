namespace ManifestGuard.Yaml;

/// <summary>
/// Finds a repeated key while a mapping is being built. Most mappings have a handful of keys, so up to
/// <see cref="WithoutSet"/> the entries are looked through; past that a set is made once and kept.
/// </summary>
internal static class MappingKeys
{
    public const int WithoutSet = 8;

    /// <summary>Records a scalar key; false when the mapping already has it.</summary>
    public static bool TryAdd(List<KeyValuePair<YamlNode, YamlNode>>? entries, ref HashSet<string>? keys, YamlScalar key)
    {
        if (keys is not null)
        {
            return keys.Add(key.Value);
        }
        if (entries is null)
        {
            return true;
        }
        if (entries.Count < WithoutSet)
        {
            foreach (var entry in entries)
            {
                if (entry.Key is YamlScalar existing && existing.ValueSpan.SequenceEqual(key.ValueSpan))
                {
                    return false;
                }
            }
            return true;
        }
        keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Key is YamlScalar existing)
            {
                keys.Add(existing.Value);
            }
        }
        return keys.Add(key.Value);
    }
}
