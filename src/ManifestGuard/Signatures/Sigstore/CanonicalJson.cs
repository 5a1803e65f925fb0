using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ManifestGuard.Signatures.Sigstore;

/// <summary>
/// The JSON Canonicalization Scheme (RFC 8785): what Rekor signs in a signed entry timestamp. Object members sorted
/// by their names' UTF-16 code units, no insignificant whitespace, strings with only the mandatory escapes, numbers
/// as ECMAScript writes them. Duplicate member names are refused, as the scheme requires.
/// </summary>
internal static class CanonicalJson
{
    /// <summary>The canonical bytes of <paramref name="json"/>; throws <see cref="JsonException"/> when it is not
    /// JSON the scheme accepts.</summary>
    public static byte[] Transform(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        var builder = new StringBuilder();
        Write(document.RootElement, builder);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void Write(JsonElement element, StringBuilder builder)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = element.EnumerateObject().ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                builder.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0 && members[i].Name == members[i - 1].Name)
                    {
                        throw new JsonException($"duplicate member \"{members[i].Name}\"");
                    }
                    if (i > 0)
                    {
                        builder.Append(',');
                    }
                    WriteString(members[i].Name, builder);
                    builder.Append(':');
                    Write(members[i].Value, builder);
                }
                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }
                    first = false;
                    Write(item, builder);
                }
                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(element.GetString()!, builder);
                break;
            case JsonValueKind.Number:
                builder.Append(Number(element.GetDouble()));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    private static void WriteString(string value, StringBuilder builder)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
    }

    /// <summary>ECMAScript's Number.prototype.toString: shortest round-trip digits, written without an exponent
    /// from 10^-6 up to 10^21, with a lowercase signed exponent outside that range.</summary>
    private static string Number(double value)
    {
        if (value == 0)
        {
            return "0";
        }
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = shortest.IndexOf('E', StringComparison.Ordinal);
        if (exponent < 0)
        {
            return shortest;
        }
        if (Math.Abs(value) is >= 1e-6 and < 1e21)
        {
            return decimal
                .Parse(shortest, NumberStyles.Float, CultureInfo.InvariantCulture)
                .ToString("0.############################", CultureInfo.InvariantCulture);
        }
        var power = int.Parse(shortest[(exponent + 1)..], CultureInfo.InvariantCulture);
        return $"{shortest[..exponent]}e{(power >= 0 ? "+" : "-")}{Math.Abs(power)}";
    }
}
