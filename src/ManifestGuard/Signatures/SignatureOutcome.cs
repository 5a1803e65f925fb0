namespace ManifestGuard.Signatures;

/// <summary>
/// What verification concluded for one image: nothing to report (all requirements satisfied), a finding (MG601 when
/// no signature was found at all, MG602 when signatures exist and none satisfies), or an error of the run (the
/// registry could not be asked).
/// </summary>
internal sealed record SignatureOutcome(string? RuleId, string? Message, string? Policy, string? RunError)
{
    public static SignatureOutcome Satisfied { get; } = new(null, null, null, null);

    public static SignatureOutcome Finding(string ruleId, string message, string policy) =>
        new(ruleId, message, policy, null);

    public static SignatureOutcome Error(string error) => new(null, null, null, error);
}
