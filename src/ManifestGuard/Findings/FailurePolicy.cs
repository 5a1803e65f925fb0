namespace ManifestGuard.Findings;

/// <summary>
/// Whether a run fails: an unsuppressed finding at the threshold (`--fail-on`) or above. The threshold
/// <see cref="FindingLevel.Off"/> (`none`) never fails.
/// </summary>
internal static class FailurePolicy
{
    /// <summary>The threshold names a user may give, most severe first.</summary>
    public static IReadOnlyList<string> ThresholdNames { get; } = ["error", "warning", "note", "none"];

    /// <summary>Reads a threshold as users write it; only <see cref="ThresholdNames"/> are accepted.</summary>
    public static bool TryParseThreshold(string text, out FindingLevel threshold)
    {
        threshold = FindingLevel.Error;
        return ThresholdNames.Contains(text, StringComparer.Ordinal) && FindingLevels.TryParse(text, out threshold);
    }

    public static bool Fails(IEnumerable<Finding> findings, FindingLevel threshold) =>
        threshold != FindingLevel.Off && findings.Any(f => !f.IsSuppressed && f.Level >= threshold);
}
