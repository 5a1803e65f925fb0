using System.Globalization;
using System.Text;

namespace ManifestGuard.Findings;

/// <summary>
/// Text taken from a scanned file and shown to people: control characters (terminal escapes, NUL, line
/// breaks) and bidirectional overrides appear as `\uXXXX`, and long text is cut, so a hostile file can
/// neither drive a terminal, hide what a line says, nor flood a report.
/// </summary>
internal static class MessageText
{
    /// <summary>How much of a quoted value a message shows; real image references are far shorter.</summary>
    public const int MaxQuotedLength = 200;

    /// <summary>The text made visible and cut to <paramref name="maxLength"/> characters, saying how long it was.</summary>
    public static string Quote(string text, int maxLength = MaxQuotedLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var visible = Escape(text.Length > maxLength ? text[..maxLength] : text);
        return text.Length > maxLength
            ? string.Create(CultureInfo.InvariantCulture, $"{visible}… ({text.Length} characters)")
            : visible;
    }

    /// <summary>The text with every control character and bidirectional control written as `\uXXXX`.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(NeedsEscape))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>True when <see cref="Escape"/> would change the text.</summary>
    public static bool HasControlCharacters(string text) => text.Any(NeedsEscape);

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';
}
