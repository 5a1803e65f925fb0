using System.Text.Json;
using ManifestGuard.Reporting.Sarif;
using Xunit;

namespace ManifestGuard.Tests.Reporting.Sarif;

public class SarifFingerprintTests
{
    private static string FingerprintInLog(ManifestGuard.Findings.Finding finding)
    {
        using var writer = new StringWriter();
        new SarifReportWriter(SampleReports.Version).Write(SampleReports.Report(finding), writer);
        using var log = JsonDocument.Parse(writer.ToString());
        return log.RootElement.GetProperty("runs")[0].GetProperty("results")[0]
            .GetProperty("partialFingerprints").GetProperty("manifestguard/v1").GetString()!;
    }

    [Fact]
    public void Fingerprint_is_a_sha256_in_lowercase_hex()
    {
        var fingerprint = FingerprintInLog(SampleReports.Unpinned());

        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
    }

    [Fact]
    public void Moving_the_resource_within_its_file_keeps_the_fingerprint()
    {
        var before = SampleReports.Unpinned(line: 21);
        var after = SampleReports.Unpinned(line: 140) with { Span = SampleReports.Span(140, 30, "nginx:1.27".Length) };

        Assert.Equal(FingerprintInLog(before), FingerprintInLog(after));
    }

    [Fact]
    public void Another_image_gets_another_fingerprint()
    {
        Assert.NotEqual(
            FingerprintInLog(SampleReports.Unpinned(image: "nginx:1.27")),
            FingerprintInLog(SampleReports.Unpinned(image: "nginx:1.28")));
    }

    [Fact]
    public void Same_image_in_another_file_or_container_gets_another_fingerprint()
    {
        var finding = SampleReports.Unpinned();

        Assert.NotEqual(FingerprintInLog(finding), FingerprintInLog(finding with { File = "apps/other.yaml" }));
        Assert.NotEqual(FingerprintInLog(finding), FingerprintInLog(finding with { Container = "sidecar" }));
    }
}
