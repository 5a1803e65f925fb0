using ManifestGuard.Findings;
using ManifestGuard.Registry;
using ManifestGuard.Rules;

namespace ManifestGuard.Analysis;

/// <summary>
/// Adds what only the registries can tell to a finished scan: MG501, MG502, MG601, MG602, and pin fixes on MG101
/// (or MG102, which stands for it on a `latest` image).
/// </summary>
internal static class OnlineScan
{
    public static async Task<(ScanResult Result, IReadOnlyList<string> Errors)> AddAsync(ScanResult scan, CheckContext context, RegistryClient client, CancellationToken cancellationToken = default)
    {
        var online = await OnlineImageChecks.CheckAsync(scan.Images, context, client, cancellationToken).ConfigureAwait(false);
        var signatures = await Signatures.SignatureChecks.CheckAsync(scan.Images, scan.PolicyDocuments, context, client, cancellationToken).ConfigureAwait(false);
        var findings = new List<Finding>(scan.Findings.Count + online.Findings.Count);
        foreach (var finding in scan.Findings)
        {
            var key = $"{finding.File}@{finding.Span.StartOffset}";
            findings.Add(finding.RuleId is RuleIds.ImageNotPinned or RuleIds.ImageLatestTag && online.Fixes.TryGetValue(key, out var fix) ? finding with { Fix = fix } : finding);
        }

        // An alias can put one scalar in several places: the first occurrence stands for all.
        var byLocation = new Dictionary<string, Workloads.ScannedImage>(StringComparer.Ordinal);
        foreach (var image in scan.Images)
        {
            byLocation.TryAdd(OnlineImageChecks.FixKey(image), image);
        }
        foreach (var finding in online.Findings.Concat(signatures.Findings))
        {
            var image = byLocation.GetValueOrDefault($"{finding.File}@{finding.Span.StartOffset}")
                ?? scan.Images.FirstOrDefault(i => i.Placement?.LocationFor(finding.RuleId) is { } at
                    && at.File == finding.File && at.Span == finding.Span);
            findings.Add(finding with { Suppression = image?.Suppressions.For(finding.RuleId) });
        }
        findings = RenderedFindings.Merge(findings);
        findings.Sort(FindingOrder.Instance);
        return (scan with { Findings = findings }, online.Errors.Concat(signatures.Errors).Distinct(StringComparer.Ordinal).ToList());
    }
}
