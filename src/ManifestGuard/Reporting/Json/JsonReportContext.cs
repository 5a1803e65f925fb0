using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ManifestGuard.Reporting.Json;

/// <summary>Source-generated serialization of the JSON report, so the native binary needs no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(JsonReport))]
internal sealed partial class JsonReportContext : JsonSerializerContext
{
    /// <summary>
    /// The context reports are written with: images, paths and messages stay readable instead of
    /// becoming \u escapes (the report is a file, never embedded in HTML), and lines end in `\n` on
    /// every platform.
    /// </summary>
    public static JsonReportContext Output { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
