using ManifestGuard.Policies;
using ManifestGuard.Policies.OpenShift3;
using ManifestGuard.References;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>
/// openshift-apiserver's registry whitelister table (whitelister_test.go, transcribed under
/// TestData/upstream/openshift-apiserver): for each whitelist and transport, every hostname, reference and
/// pull spec is admitted or refused with upstream's exact message.
/// </summary>
public sealed class ImportWhitelisterTableTests
{
    private const string Project = "openshift-apiserver";

    public static TheoryData<int, int> Checks()
    {
        var data = new TheoryData<int, int>();
        foreach (var item in Section("cases"))
        {
            var testCase = (YamlMapping)item;
            var line = LineOf(testCase);
            for (var i = 0; i < PolicyYaml.Items(testCase["checks"]).Count; i++)
            {
                data.Add(line, i);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void Our_verdict_and_message_agree_with_the_whitelister(int line, int check)
    {
        var testCase = Section("cases").Cast<YamlMapping>().Single(c => LineOf(c) == line);
        var row = (YamlMapping)PolicyYaml.Items(testCase["checks"])[check];
        var insecure = testCase.ScalarAt("insecure") == "true";
        var entries = PolicyYaml.Items(testCase["whitelist"]).Select(e => ((YamlScalar)e).Value).ToList();
        var problems = new List<PolicyProblem>();
        var rules = AllowedRegistriesForImport.Read(Whitelist(entries, insecure), null, "master-config.yaml", "whitelist", problems);
        Assert.Empty(problems);

        var registry = row.ScalarAt("kind") == "pullSpec"
            ? ImageReference.Parse(row.ScalarAt("value")!).WrittenRegistry ?? ""
            : row.ScalarAt("registry") ?? "";
        var transport = Enum.Parse<ImportTransport>(testCase.ScalarAt("transport")!);

        Assert.Equal(row.ScalarAt("error"), rules.Admit(registry, transport));
    }

    [Theory]
    [InlineData(367)]
    [InlineData(372)]
    public void A_whitelist_entry_parses_as_upstream_parses_it(int line)
    {
        var row = Section("entries").Cast<YamlMapping>().Single(e => LineOf(e) == line);
        var problems = new List<PolicyProblem>();
        AllowedRegistriesForImport.Read(Whitelist([row.ScalarAt("domainName")!], insecure: true), null, "master-config.yaml", "whitelist", problems);

        var expected = row.ScalarAt("error");
        if (expected is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.EndsWith(expected, Assert.Single(problems).Message, StringComparison.Ordinal);
        }
    }

    private static YamlSequence Whitelist(IEnumerable<string> domains, bool insecure)
    {
        var yaml = string.Concat(domains.Select(d => $"- domainName: \"{d}\"\n  insecure: {(insecure ? "true" : "false")}\n"));
        return yaml.Length == 0 ? new YamlSequence([], default) : (YamlSequence)YamlDocumentParser.Parse(yaml).Documents[0];
    }

    private static int LineOf(YamlMapping row) => int.Parse(row.ScalarAt("line")!, System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<YamlNode> Section(string name)
    {
        var parsed = YamlDocumentParser.Parse(File.ReadAllText(UpstreamTable.PathOf(Project, "whitelister_rows.yaml")));
        Assert.Null(parsed.Error);
        return PolicyYaml.Items(((YamlMapping)parsed.Documents[0])[name]);
    }
}
