namespace ManifestGuard.Findings;

/// <summary>
/// What one `manifestguard:ignore` comment or `manifestguard.io/ignore` annotation says: the rules it
/// suppresses (known ids, names already turned into ids), the tokens that name no rule, and the reason.
/// </summary>
/// <param name="AllRules">True for a comment that names no rule at all: it suppresses every rule on its line.</param>
/// <param name="UnknownTokens">Tokens in the id list that name no rule; each is an MG902 finding and suppresses
/// nothing.</param>
internal sealed record SuppressionDirective(
    bool AllRules,
    IReadOnlyList<string> RuleIds,
    IReadOnlyList<SuppressionToken> UnknownTokens,
    string? Reason)
{
    /// <summary>
    /// MG902 reports a broken suppression; a suppression cannot vouch for itself, so nothing covers it.
    /// </summary>
    public bool Covers(string ruleId) =>
        !ruleId.Equals(Rules.RuleIds.InvalidSuppression, StringComparison.OrdinalIgnoreCase)
        && (AllRules || RuleIds.Contains(ruleId, StringComparer.OrdinalIgnoreCase));
}
