using ManifestGuard.Findings;
using ManifestGuard.Reporting.Sarif;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Findings;

public class BaselineComparisonTests
{
    private static readonly IReadOnlySet<string> Scanned = new HashSet<string>([TestScan.FileName, "gone.yaml"], StringComparer.Ordinal);

    private static IReadOnlyList<Finding> TwoIdenticalImages() =>
        TestScan.Findings("apiVersion: v1\nkind: List\nitems:\n" +
            "  - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: a, image: 'nginx:1.25'}]}}\n" +
            "  - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: a, image: 'nginx:1.25'}]}}\n");

    [Fact]
    public void Baseline_entries_carry_the_SARIF_fingerprint_and_leave_suppressed_findings_out()
    {
        var findings = TestScan.Findings(TestScan.Pod("nginx:1.25") + "---\n" + TestScan.Pod("quiet", "busybox:1 # manifestguard:ignore MG101"));

        var baseline = BaselineFile.Of(findings);

        var entry = Assert.Single(baseline.Findings);
        var active = Assert.Single(findings, f => !f.IsSuppressed);
        Assert.Equal((active.RuleId, active.File, SarifFingerprint.Compute(active), active.Message), (entry.RuleId, entry.File, entry.Fingerprint, entry.Message));
        Assert.Equal(BaselineFile.CurrentVersion, baseline.Version);
    }

    [Fact]
    public void Each_entry_covers_one_finding_and_unmatched_entries_of_scanned_files_are_fixed()
    {
        var findings = TwoIdenticalImages();
        Assert.Equal(2, findings.Count);
        var one = BaselineFile.Of(findings.Take(1));
        var stale = new BaselineEntry("MG101", "gone.yaml", "00", null);
        var elsewhere = new BaselineEntry("MG101", "not-scanned.yaml", "00", null);

        var compared = BaselineComparison.Apply(one with { Findings = [.. one.Findings, stale, elsewhere] }, findings, "b.json", Scanned);

        Assert.Equal((1, 1, 1), (compared.Known, compared.New, compared.Fixed));
        Assert.Equal([BaselineState.Unchanged, BaselineState.New], compared.Findings.Select(f => f.Baseline));
        Assert.Equal(new Suppression(SuppressionKind.Baseline, "in the baseline b.json"), compared.Findings[0].Suppression);
        Assert.Null(compared.Findings[1].Suppression);
    }

    [Fact]
    public void A_baseline_written_and_read_back_is_the_same()
    {
        var baseline = BaselineFile.Of(TwoIdenticalImages());
        using var writer = new StringWriter();

        baseline.Write(writer);
        var read = BaselineFile.Parse(writer.ToString(), "b.json");

        Assert.Equal(baseline.Findings, read.Findings);
        Assert.EndsWith("}\n", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"ruleId\": \"MG101\"", writer.ToString(), StringComparison.Ordinal);
    }
}
