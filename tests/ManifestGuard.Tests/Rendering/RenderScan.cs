using ManifestGuard.Analysis;
using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rendering;

/// <summary>Scans a folder as `check` does (configuration, discovery, renders) and finds findings by rule and place.</summary>
internal static class RenderScan
{
    public static ScanResult Run(TempDirectory repository, params string[] paths)
    {
        var plan = ScanPlan.Prepare(paths.Length == 0 ? ["."] : paths, null, repository.Path);
        return new ManifestScanner(plan.Config, RuleCatalog.Default).Scan(plan.Inputs, plan.RootDirectory);
    }

    /// <summary>`file:line rule` of every finding, the way a reader checks where findings went.</summary>
    public static List<string> Places(ScanResult result) =>
        [.. result.Findings.Select(f => $"{f.File}:{f.Span.StartLine} {f.RuleId}")];

    public static Finding Single(ScanResult result, string ruleId, string file) =>
        Assert.Single(result.Findings, f => f.RuleId == ruleId && f.File == file);
}
