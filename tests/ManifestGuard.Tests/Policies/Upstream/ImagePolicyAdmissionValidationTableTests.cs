using ManifestGuard.Yaml;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>
/// apiserver-library-go's ImagePolicy admission validation table (validation_test.go, transcribed under
/// TestData/upstream/apiserver-library-go): each configuration, as the plugin's own ImagePolicyConfig file and
/// inline in a master-config, is refused (MG304) exactly when the plugin would not load it.
/// </summary>
public sealed class ImagePolicyAdmissionValidationTableTests
{
    private const string Project = "apiserver-library-go";

    public static TheoryData<int> Lines()
    {
        var data = new TheoryData<int>();
        foreach (var row in Rows())
        {
            data.Add(int.Parse(row.ScalarAt("line")!, System.Globalization.CultureInfo.InvariantCulture));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void The_plugin_file_is_refused_exactly_when_the_plugin_would_not_load_it(int line)
    {
        var (configuration, loads, upstreamValid, why) = Row(line);
        Assert.True(loads == upstreamValid || why is not null, "a row whose verdicts differ says why");

        var standalone = FromFiles(("imagepolicy.yaml", "kind: ImagePolicyConfig\napiVersion: image.openshift.io/v1\n" + configuration));
        var inline = FromFiles(("master-config.yaml", MasterConfigWith(configuration)));

        Assert.Equal(!loads, standalone.Problems.Any(p => p.RuleId == "MG304"));
        Assert.Equal(!loads, inline.Problems.Any(p => p.RuleId == "MG304"));
    }

    [Fact]
    public void A_refused_configuration_decides_nothing()
    {
        // Two rules named alike: the plugin does not start, so its accept rule admits or denies nothing here.
        var set = FromFiles(("master-config.yaml", MasterConfigWith("executionRules:\n- name: a\n  matchRegistries: [quay.io]\n- name: a\n")));
        var problem = Assert.Single(set.Problems, p => p.RuleId == "MG304");
        Assert.Contains("executionRules[1].name: Duplicate value: \"a\"", problem.Message, StringComparison.Ordinal);
        Assert.Equal("", RuleIds(set, Use("docker.io/library/nginx:1.25", kind: "Pod", apiVersion: "v1")));
    }

    /// <summary>A master-config with the plugin's configuration inline, and its integrated registry if any.</summary>
    internal static string MasterConfigWith(string configuration, string? internalRegistryHostname = null)
    {
        var indented = string.Join("\n", configuration.Split('\n').Select(l => l.Length == 0 ? l : "        " + l));
        return "kind: MasterConfig\napiVersion: v1\n"
            + (internalRegistryHostname is null ? ""
                : $"imagePolicyConfig:\n  internalRegistryHostname: \"{internalRegistryHostname}\"\n")
            + "admissionConfig:\n  pluginConfig:\n    openshift.io/ImagePolicy:\n      configuration:\n"
            + "        kind: ImagePolicyConfig\n        apiVersion: v1\n" + indented + "\n";
    }

    private static (string Configuration, bool Loads, bool UpstreamValid, string? Why) Row(int line)
    {
        var row = Rows().Single(r => r.ScalarAt("line") == line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var config = (YamlMapping)row["config"]!;
        var body = config.Entries.Count == 0 ? "" : UpstreamTable.AtLeftMargin(Project, "validation_rows.yaml", config);
        return (body, row.ScalarAt("pluginLoads") == "true", row.ScalarAt("upstreamValid") == "true", row.ScalarAt("why"));
    }

    private static List<YamlMapping> Rows() => UpstreamTable.YamlItems(Project, "validation_rows.yaml", "rows");
}
