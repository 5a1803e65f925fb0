namespace ManifestGuard.Reporting.Sarif;

/// <summary>Why a result is suppressed: `inSource` for a comment beside the code, `external` for anything else.</summary>
internal sealed record SarifSuppression(string Kind, string? Justification);
