namespace ManifestGuard.Reporting.Sarif;

/// <summary>One finding. <see cref="RuleIndex"/> is left out when the rule is not in the catalog.</summary>
internal sealed record SarifResult(
    string RuleId,
    int? RuleIndex,
    string Level,
    SarifMessage Message,
    IReadOnlyList<SarifLocation> Locations,
    IReadOnlyDictionary<string, string> PartialFingerprints,
    IReadOnlyList<SarifSuppression>? Suppressions,
    IReadOnlyList<SarifFix>? Fixes,
    SarifResultProperties? Properties);
