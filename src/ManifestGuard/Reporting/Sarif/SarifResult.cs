namespace ManifestGuard.Reporting.Sarif;

/// <summary>One finding. <see cref="RuleIndex"/> is left out when the rule is not in the catalog.</summary>
/// <param name="BaselineState">`new` or `unchanged` when the check was given a baseline; otherwise left out.</param>
internal sealed record SarifResult(
    string RuleId,
    int? RuleIndex,
    string Level,
    SarifMessage Message,
    IReadOnlyList<SarifLocation> Locations,
    IReadOnlyDictionary<string, string> PartialFingerprints,
    IReadOnlyList<SarifSuppression>? Suppressions,
    IReadOnlyList<SarifFix>? Fixes,
    SarifResultProperties? Properties,
    string? BaselineState = null);
