using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Registry;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Analysis;

/// <summary>Adds what only the registries can tell to a finished scan: MG501, MG502, and pin fixes on MG101.</summary>
public static class OnlineScan
{
    public static async Task<(ScanResult Result, IReadOnlyList<string> Errors)> AddAsync(ScanResult scan, CheckContext context, RegistryClient client, CancellationToken cancellationToken = default)
    {
        var online = await OnlineImageChecks.CheckAsync(scan.Images, context, client, cancellationToken).ConfigureAwait(false);
        var findings = new List<Finding>(scan.Findings.Count + online.Findings.Count);
        foreach (var finding in scan.Findings)
        {
            var key = $"{finding.File}@{finding.Span.StartOffset}";
            findings.Add(finding.RuleId == RuleIds.ImageNotPinned && online.Fixes.TryGetValue(key, out var fix) ? finding with { Fix = fix } : finding);
        }

        var sources = new Dictionary<string, SourceText>(scan.Sources, StringComparer.Ordinal);
        // An alias can put one scalar in several places: the first occurrence stands for all.
        var byLocation = new Dictionary<string, Workloads.ImageOccurrence>(StringComparer.Ordinal);
        foreach (var image in scan.Images)
        {
            byLocation.TryAdd(OnlineImageChecks.FixKey(image), image);
        }
        foreach (var finding in online.Findings)
        {
            var image = byLocation[$"{finding.File}@{finding.Span.StartOffset}"];
            var source = image.Pod.Owner.Source;
            sources.TryAdd(source.DisplayPath, source);
            var suppression = SuppressionFinder.Find(source, finding.Span.StartLine, finding.RuleId, image.Pod.Owner.Root["metadata"] as YamlMapping, image.Pod.Metadata);
            findings.Add(finding with { Suppression = suppression });
        }
        findings.Sort(FindingOrder.Instance);
        return (scan with { Findings = findings, Sources = sources }, online.Errors);
    }
}
