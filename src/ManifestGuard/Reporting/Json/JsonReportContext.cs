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
    /// <summary>The context reports are written with, in <see cref="JsonFileFormat"/>.</summary>
    public static JsonReportContext Output { get; } = new(JsonFileFormat.SerializerOptions());
}
