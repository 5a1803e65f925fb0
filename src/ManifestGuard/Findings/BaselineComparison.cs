namespace ManifestGuard.Findings;

/// <summary>
/// A check's findings measured against a baseline: known ones suppressed, new ones left to fail, fixed ones counted.
/// </summary>
/// <param name="Findings">Every finding, each with its <see cref="BaselineState"/>; known ones suppressed by the
/// baseline.</param>
/// <param name="Fixed">Baseline entries of the scanned files that no finding matches any more.</param>
internal sealed record BaselineComparison(IReadOnlyList<Finding> Findings, int Known, int New, int Fixed)
{
    /// <summary>
    /// Matches by rule, file and fingerprint, as many findings as the baseline holds entries for each
    /// (two identical findings need two entries). Only entries of <paramref name="scannedFiles"/> count
    /// as fixed, so checking some files of a repository does not call the others' findings fixed.
    /// </summary>
    public static BaselineComparison Apply(
        BaselineFile baseline, IReadOnlyList<Finding> findings, string baselineName, IReadOnlySet<string> scannedFiles)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(findings);
        var remaining = new Dictionary<(string, string, string), int>();
        foreach (var entry in baseline.Findings)
        {
            var key = (entry.RuleId, entry.File, entry.Fingerprint);
            remaining[key] = remaining.GetValueOrDefault(key) + 1;
        }
        var suppression = new Suppression(SuppressionKind.Baseline, $"in the baseline {baselineName}");
        var compared = new List<Finding>(findings.Count);
        var known = 0;
        foreach (var finding in findings)
        {
            var key = (finding.RuleId, finding.File, FindingFingerprint.Compute(finding));
            if (remaining.GetValueOrDefault(key) > 0)
            {
                remaining[key]--;
                known++;
                compared.Add(finding with
                {
                    Baseline = BaselineState.Unchanged,
                    Suppression = finding.Suppression ?? suppression,
                });
            }
            else
            {
                compared.Add(finding with { Baseline = BaselineState.New });
            }
        }
        var fixedCount = remaining.Where(pair => scannedFiles.Contains(pair.Key.Item2)).Sum(pair => pair.Value);
        return new BaselineComparison(compared, known, findings.Count - known, fixedCount);
    }
}
