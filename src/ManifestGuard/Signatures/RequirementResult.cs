namespace ManifestGuard.Signatures;

/// <summary>
/// One requirement checked on one platform manifest: satisfied, no signature found, or why none satisfied it.
/// </summary>
internal sealed record RequirementResult(bool Satisfied, bool NoSignature, string Detail)
{
    public static RequirementResult Pass { get; } = new(true, false, "");

    public static RequirementResult Missing(string where) => new(false, true, where);

    public static RequirementResult Invalid(string why) => new(false, false, why);
}
