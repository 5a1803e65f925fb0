namespace ManifestGuard.Yaml;

/// <summary>How a scalar was written; the rewriter needs it to splice inside quotes.</summary>
internal enum ScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

internal sealed class YamlScalar : YamlNode
{
    /// <summary>The text this scalar's value is cut from when first read (see the internal constructor); null when the value was given.</summary>
    private readonly string? _source;
    private string? _value;

    public YamlScalar(string value, ScalarStyle style, string? tag, SourceSpan span)
        : base(span)
    {
        _value = value;
        Style = style;
        Tag = tag;
    }

    /// <summary>
    /// A scalar whose value is its text as written in <paramref name="source"/> (one line, no escapes),
    /// inside the quotes for a quoted one. Most scalars of a manifest are never read: their values are
    /// not made into strings until they are.
    /// </summary>
    internal YamlScalar(string source, ScalarStyle style, SourceSpan span)
        : base(span)
    {
        _source = source;
        Style = style;
    }

    public string Value => _value ??= new string(ValueSpan);

    /// <summary>The value without making a string of it.</summary>
    public ReadOnlySpan<char> ValueSpan =>
        _value ?? (Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
            ? _source.AsSpan(Span.StartOffset + 1, Span.Length - 2)
            : _source.AsSpan(Span.StartOffset, Span.Length));

    public ScalarStyle Style { get; }

    public string? Tag { get; }

    /// <summary>True for a plain scalar that YAML reads as null (`~`, `null`, or nothing).</summary>
    public bool IsNull => Style == ScalarStyle.Plain && Tag is null && ValueSpan is "" or "~" or "null" or "Null" or "NULL";

    public bool ValueEquals(string text) => ValueSpan.SequenceEqual(text);

    public override string ToString() => Value;
}
