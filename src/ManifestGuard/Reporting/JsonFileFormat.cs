using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ManifestGuard.Reporting;

/// <summary>
/// How every JSON file the tool writes looks (the JSON report, the SARIF log, the baseline): camelCase
/// names, no null members, two-space indentation, `\n` line ends on every platform, and images, paths and
/// messages left readable instead of becoming \u escapes (the files are never embedded in HTML). One place,
/// so the streamed reports and the source-generated pieces inside them cannot drift apart.
/// </summary>
internal static class JsonFileFormat
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>New serializer options in this format, for a source-generated context to be built over.</summary>
    public static JsonSerializerOptions SerializerOptions() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = WriterOptions.Indented,
        NewLine = WriterOptions.NewLine,
        Encoder = WriterOptions.Encoder,
    };
}
