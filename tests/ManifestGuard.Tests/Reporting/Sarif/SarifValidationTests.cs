using ManifestGuard.Tests.TestSupport;
using System.Text.Json;
using System.Text.Json.Nodes;
using ManifestGuard.Reporting.Sarif;
using Xunit;

namespace ManifestGuard.Tests.Reporting.Sarif;

/// <summary>Our SARIF must pass Microsoft's validator: the schema and its error-level rules.</summary>
[Trait(Requires.Trait, Requires.SarifValidator)]
public class SarifValidationTests
{
    [Fact]
    public void Representative_report_has_no_error_level_validation_result()
    {
        var (executable, problem) = SarifMultitool.Locate();
        Assert.True(executable is not null, problem);

        var folder = Directory.CreateTempSubdirectory("manifestguard-sarif-");
        try
        {
            using (var writer = new StringWriter())
            {
                new SarifReportWriter(SampleReports.Version).Write(SampleReports.Representative(), writer);
                File.WriteAllText(Path.Combine(folder.FullName, "report.sarif"), writer.ToString());
                File.WriteAllText(Path.Combine(folder.FullName, "canary.sarif"), WithBaseUriMissingItsSlash(writer.ToString()));
            }

            var (resultLog, console) = SarifMultitool.Validate(executable, folder.FullName, "report.sarif", "report.validation.sarif");
            Assert.True(resultLog is not null, $"the validator wrote no result log ({executable}):\n{console}");
            var errors = SarifMultitool.Errors(resultLog);
            Assert.True(errors.Count == 0, $"the validator reports errors:\n{string.Join('\n', errors)}\n{console}");

            // The validator reports nothing at all for a log it cannot read into its object model (a
            // level outside the spec's enum does that), which looks just like a clean log. So the same
            // log with one known defect must come back with that defect, or the pass above means nothing.
            var (canaryLog, canaryConsole) = SarifMultitool.Validate(executable, folder.FullName, "canary.sarif", "canary.validation.sarif");
            Assert.True(canaryLog is not null, $"the validator wrote no result log ({executable}):\n{canaryConsole}");
            Assert.True(
                SarifMultitool.Errors(canaryLog).Any(e => e.Contains("SARIF1004", StringComparison.Ordinal)),
                $"the validator did not analyze the log: a base URI without its trailing slash went unreported, so it could not read the log:\n{canaryConsole}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string WithBaseUriMissingItsSlash(string sarif)
    {
        var log = JsonNode.Parse(sarif)!;
        var baseUri = log["runs"]![0]!["originalUriBaseIds"]![SarifReportWriter.SourceRootBaseId]!;
        baseUri["uri"] = baseUri["uri"]!.GetValue<string>().TrimEnd('/');
        return log.ToJsonString();
    }
}
