namespace ManifestGuard.Reporting.Sarif;

/// <summary>What a finding knows beyond SARIF's own fields, for consumers that filter by image or policy.</summary>
internal sealed record SarifResultProperties(
    string? Image,
    string? NormalizedImage,
    string? Container,
    string? Field,
    string? Resource,
    string? Policy);
