using System.Text.Json.Serialization;

namespace ManifestGuard.Reporting.Sarif;

/// <summary>
/// Source-generated serialization of the pieces of a SARIF log, so the native binary needs no reflection.
/// The log itself is streamed by <see cref="SarifReportWriter"/>; these write the tool, artifacts and one result.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(SarifTool))]
[JsonSerializable(typeof(SarifArtifactLocation))]
[JsonSerializable(typeof(SarifArtifact))]
[JsonSerializable(typeof(SarifResult))]
internal sealed partial class SarifJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context logs are written with, in <see cref="JsonFileFormat"/>, so a log is byte-identical wherever
    /// it was produced.
    /// </summary>
    public static SarifJsonContext Output { get; } = new(JsonFileFormat.SerializerOptions());
}
