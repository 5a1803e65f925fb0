using ManifestGuard.Findings;
using ManifestGuard.Yaml;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>
/// openshift/api's CRD validation suites (config/v1/tests/&lt;crd&gt;/*.yaml, vendored under
/// TestData/upstream/openshift-api): every onCreate and onUpdate case, the object handed to our reader as a
/// manifest. The API server refuses it (expectedError) exactly when we report it invalid (MG304 at error level),
/// except for the rows of known-differences.yaml, whose verdict is asserted as listed there.
/// </summary>
public sealed class OpenShiftApiCrdSuiteTests
{
    private const string Project = "openshift-api";

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var folder in new[] { "clusterimagepolicies", "imagepolicies", "images" })
        {
            foreach (var path in Directory.GetFiles(UpstreamTable.PathOf(Project, folder), "*.yaml").Order(StringComparer.Ordinal))
            {
                var index = 0;
                foreach (var (_, name, _, _) in SuiteCases(path))
                {
                    data.Add($"{folder}/{Path.GetFileName(path)}", index++, name);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Our_verdict_agrees_with_the_api_server(string suite, int index, string name)
    {
        var (_, _, objectYaml, expectedError) = SuiteCases(UpstreamTable.PathOf(Project, suite)).ElementAt(index);
        var set = FromManifests(WithMetadata(objectYaml));

        var errors = set.Problems.Where(p => p.RuleId == "MG304" && p.Level is null or FindingLevel.Error).ToList();
        var apiRefuses = expectedError is not null;
        var expected = KnownDifferences().TryGetValue($"{suite}: {name}", out var ours) ? ours : apiRefuses;
        Assert.True(expected == errors.Count > 0,
            $"{name}: the API server {(apiRefuses ? "refuses" : "accepts")} it ({expectedError}); we report: {string.Join("; ", errors.Select(e => e.Message))}");
    }

    [Fact]
    public void Every_known_difference_names_a_case_of_the_suites()
    {
        var cases = Cases().Select(row => $"{row[0]}: {row[2]}").ToHashSet(StringComparer.Ordinal);
        Assert.All(KnownDifferences().Keys, key => Assert.Contains(key, cases));
        Assert.True(cases.Count >= 70, $"only {cases.Count} cases read");
    }

    /// <summary>Each case of a suite file: phase (onCreate, onUpdate), name, the object to judge, the expected error.</summary>
    private static IEnumerable<(string Phase, string Name, string Object, string? ExpectedError)> SuiteCases(string path)
    {
        var parsed = YamlDocumentParser.Parse(File.ReadAllText(path));
        Assert.Null(parsed.Error);
        var tests = (YamlMapping)((YamlMapping)parsed.Documents[0])["tests"]!;
        foreach (var phase in new[] { "onCreate", "onUpdate" })
        {
            foreach (var item in PolicyItems(tests[phase]))
            {
                var test = (YamlMapping)item;
                // On update the API server judges the updated object (with ratcheting: see known-differences.yaml).
                var objectYaml = test.ScalarAt(phase == "onCreate" ? "initial" : "updated")!;
                yield return (phase, test.ScalarAt("name")!, objectYaml, test.ScalarAt("expectedError"));
            }
        }
    }

    private static IReadOnlyList<YamlNode> PolicyItems(YamlNode? node) => node is YamlSequence list ? list.Items : [];

    /// <summary>The suites' objects carry no name; the cluster reads only the Image named cluster, so use that.</summary>
    private static string WithMetadata(string objectYaml)
    {
        var root = (YamlMapping)YamlDocumentParser.Parse(objectYaml).Documents[0];
        if (root["metadata"] is not null)
        {
            return objectYaml;
        }
        var metadata = root.ScalarAt("kind") switch
        {
            "Image" => "metadata:\n  name: cluster\n",
            "ImagePolicy" => "metadata:\n  name: test\n  namespace: test\n",
            _ => "metadata:\n  name: test\n",
        };
        return metadata + objectYaml;
    }

    private static Dictionary<string, bool> KnownDifferences()
    {
        var parsed = YamlDocumentParser.Parse(File.ReadAllText(UpstreamTable.PathOf(Project, "known-differences.yaml")));
        Assert.Null(parsed.Error);
        var differences = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var item in PolicyItems(((YamlMapping)parsed.Documents[0])["differences"]))
        {
            var row = (YamlMapping)item;
            Assert.False(string.IsNullOrWhiteSpace(row.ScalarAt("why")), "every known difference says why");
            differences.Add($"{row.ScalarAt("suite")}: {row.ScalarAt("name")}", row.ScalarAt("weReport") == "invalid");
        }
        return differences;
    }
}
