using System.Text.Json.Serialization;

namespace ManifestGuard.Reporting.Sarif;

/// <summary>The root of a SARIF 2.1.0 log: only the parts of the spec this tool writes.</summary>
internal sealed record SarifLog(
    [property: JsonPropertyName("$schema")] string Schema,
    string Version,
    IReadOnlyList<SarifRun> Runs)
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public const string SarifVersion = "2.1.0";
}
