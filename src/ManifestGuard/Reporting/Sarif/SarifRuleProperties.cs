using System.Text.Json.Serialization;

namespace ManifestGuard.Reporting.Sarif;

/// <summary>The property bag GitHub code scanning reads: tags, precision and `security-severity` (a number as a string).</summary>
internal sealed record SarifRuleProperties(
    IReadOnlyList<string> Tags,
    string Precision,
    [property: JsonPropertyName("security-severity")] string SecuritySeverity);
