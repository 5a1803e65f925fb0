using System.Buffers;
using ManifestGuard.Yaml;

namespace ManifestGuard.Pinning;

/// <summary>
/// Gives a scalar a new value by changing as few characters as possible inside its span: for
/// `nginx:1.25` → `nginx:1.25@sha256:…` only the digest is inserted, before the closing quote when the
/// scalar is quoted. Quotes, escapes and everything around the scalar stay as written.
/// </summary>
internal sealed record ScalarEdit(SourceSpan Span, ScalarStyle Style, string OldValue, string NewValue) : PinEdit
{
    // What an image reference may add to a scalar without changing how YAML reads it in any style or context.
    private static readonly SearchValues<char> SafeInserted =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:@/+");

    public static ScalarEdit For(YamlScalar scalar, string newValue)
    {
        ArgumentNullException.ThrowIfNull(scalar);
        return new ScalarEdit(scalar.Span, scalar.Style, scalar.Value, newValue);
    }

    internal override TextChange ToChange(string text)
    {
        if (Span.StartOffset < 0 || Span.EndOffset > text.Length || Span.StartOffset > Span.EndOffset)
        {
            throw Stale("its offsets lie outside the file");
        }
        var source = text.AsSpan(Span.StartOffset, Span.Length);
        var (quote, escapeFree) = Style switch
        {
            ScalarStyle.Plain => ('\0', true),
            ScalarStyle.SingleQuoted => ('\'', source.IndexOf("''") < 0),
            ScalarStyle.DoubleQuoted => ('"', source.IndexOf('\\') < 0),
            _ => throw Stale("block scalars (| and >) are not rewritten; write the image on one line"),
        };
        if (quote != '\0' && (source.Length < 2 || source[0] != quote || source[^1] != quote))
        {
            throw Stale($"it is not a {Style} scalar there");
        }
        var innerStart = Span.StartOffset + (quote == '\0' ? 0 : 1);
        var inner = quote == '\0' ? source : source[1..^1];
        // A scalar folded over several lines reads differently from its source: no character mapping to splice by.
        var oneToOne = escapeFree && inner.IndexOfAny('\r', '\n') < 0;
        if (oneToOne && !inner.SequenceEqual(OldValue))
        {
            throw Stale($"it no longer reads \"{OldValue}\"");
        }
        if (!oneToOne)
        {
            if (quote == '\0')
            {
                throw Stale("a plain scalar over several lines is not rewritten");
            }
            return new TextChange(Span.StartOffset, Span.EndOffset, quote + Escape(NewValue, quote) + quote);
        }

        var prefix = OldValue.AsSpan().CommonPrefixLength(NewValue);
        var maxSuffix = Math.Min(OldValue.Length, NewValue.Length) - prefix;
        var suffix = 0;
        while (suffix < maxSuffix && OldValue[^(suffix + 1)] == NewValue[^(suffix + 1)])
        {
            suffix++;
        }
        var inserted = NewValue[prefix..^suffix];
        if (quote == '\0' && inserted.AsSpan().IndexOfAnyExcept(SafeInserted) >= 0)
        {
            throw Stale($"\"{NewValue}\" would need quotes; quote the image in the file first");
        }
        return new TextChange(innerStart + prefix, innerStart + OldValue.Length - suffix, Escape(inserted, quote));
    }

    private static string Escape(string value, char quote) => quote switch
    {
        '\'' => value.Replace("'", "''", StringComparison.Ordinal),
        '"' => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal),
        _ => value,
    };

    private PinningException Stale(string why) =>
        new($"cannot rewrite the scalar at {Span.StartLine}:{Span.StartColumn}: {why}");
}
