namespace ManifestGuard.Yaml;

/// <summary>How a scalar was written; the rewriter needs it to splice inside quotes.</summary>
public enum ScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

public sealed class YamlScalar : YamlNode
{
    public YamlScalar(string value, ScalarStyle style, string? tag, SourceSpan span)
        : base(span)
    {
        Value = value;
        Style = style;
        Tag = tag;
    }

    public string Value { get; }

    public ScalarStyle Style { get; }

    public string? Tag { get; }

    /// <summary>True for a plain scalar that YAML reads as null (`~`, `null`, or nothing).</summary>
    public bool IsNull => Style == ScalarStyle.Plain && Tag is null && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string ToString() => Value;
}
