using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Rules;

namespace ManifestGuard.Reporting;

/// <summary>Everything a report writer needs: the findings in report order and where they came from.</summary>
/// <param name="Findings">Sorted by <see cref="FindingOrder"/>; suppressed ones included.</param>
/// <param name="Sources">The scanned files by display path, for source lines in text output.</param>
/// <param name="RootDirectory">The absolute scan root that display paths are relative to.</param>
/// <param name="Catalog">The rules, for SARIF `tool.driver.rules`.</param>
internal sealed record ScanReport(
    IReadOnlyList<Finding> Findings,
    IReadOnlyDictionary<string, SourceText> Sources,
    string RootDirectory,
    RuleCatalog Catalog)
{
    /// <summary>How many files the scan checked (stdin counts as one), for summaries; null when not known.</summary>
    public int? FilesChecked { get; init; }

    /// <summary>Entries of the baseline that no finding matches any more; null when the check was given no baseline.</summary>
    public int? BaselineFixed { get; init; }
}
