using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ManifestGuard.Reporting.Json;

/// <summary>
/// Source-generated serialization of the JSON report's pieces, so the native binary needs no reflection.
/// The report itself is streamed by <see cref="JsonReportWriter"/>; these write one finding or the summary.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(JsonReportFinding))]
[JsonSerializable(typeof(JsonReportSummary))]
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
