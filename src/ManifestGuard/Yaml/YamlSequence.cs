namespace ManifestGuard.Yaml;

internal sealed class YamlSequence : YamlNode
{
    public YamlSequence(IReadOnlyList<YamlNode> items, SourceSpan span)
        : base(span) => Items = items;

    public IReadOnlyList<YamlNode> Items { get; }
}
