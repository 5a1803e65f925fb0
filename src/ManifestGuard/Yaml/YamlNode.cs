namespace ManifestGuard.Yaml;

/// <summary>A node of a parsed document, carrying its position. Aliases share the anchored node, so a tree may be a DAG.</summary>
internal abstract class YamlNode
{
    protected YamlNode(SourceSpan span) => Span = span;

    public SourceSpan Span { get; }

    /// <summary>The value at a dotted path of mapping keys, or null when any step is missing or not a mapping.</summary>
    public YamlNode? At(params ReadOnlySpan<string> keys)
    {
        YamlNode? node = this;
        foreach (var key in keys)
        {
            node = (node as YamlMapping)?[key];
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    /// <summary>The scalar text at a path, or null.</summary>
    public string? ScalarAt(params ReadOnlySpan<string> keys) => (At(keys) as YamlScalar)?.Value;
}
