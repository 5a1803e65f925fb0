using System.Text.Json;
using System.Text.Json.Serialization;
using ManifestGuard.Reporting;

namespace ManifestGuard.Findings;

/// <summary>
/// Source-generated serialization of baseline files; strict on read, so a damaged file is an error, not an empty
/// baseline.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(BaselineFile))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext
{
    public static BaselineJsonContext Strict { get; } = new(new JsonSerializerOptions(JsonFileFormat.SerializerOptions())
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    });
}
