using BenchmarkDotNet.Attributes;
using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Reporting;
using ManifestGuard.Reporting.Text;
using ManifestGuard.Rules;

namespace ManifestGuard.Benchmarks;

/// <summary>
/// Report writers over the findings of 200 Deployments (about 600 findings, each quoting its line).
/// SARIF: add a benchmark for its writer here once Reporting/Sarif exists in this branch.
/// </summary>
[MemoryDiagnoser]
public class ReportWriterBenchmarks
{
    private ScanReport _report = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sources = Enumerable.Range(0, 200).Select(i => new SourceText($"apps/web-{i}/deployment.yaml", null, Samples.Deployment(i))).ToList();
        var scanner = new ManifestScanner(ManifestGuardConfig.Default, RuleCatalog.Default) { MaxParallelism = 1 };
        var findings = sources.SelectMany(source => scanner.Scan([], "/", source).Findings).ToList();
        _report = new ScanReport(findings, sources.ToDictionary(s => s.DisplayPath), "/", RuleCatalog.Default);
    }

    [Benchmark(Description = "text report, 200 files")]
    public void Text() => new TextReportWriter(color: false).Write(_report, TextWriter.Null);
}
