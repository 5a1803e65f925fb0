using System.Globalization;
using ManifestGuard.Findings;
using ManifestGuard.Policies;
using ManifestGuard.Yaml;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>
/// apiserver-library-go's TestAccept (imagepolicy/rules/accept_test.go, transcribed under
/// TestData/upstream/apiserver-library-go/accept_rows.yaml): every Accepts and Covers call of each case, run
/// through a master-config that carries the case's rules, asserts ManifestGuard's verdict on that image.
/// </summary>
public sealed class ImagePolicyExecutionRulesTableTests
{
    private const string Project = "apiserver-library-go";

    private const string File = "accept_rows.yaml";

    public static TheoryData<int> Lines()
    {
        var data = new TheoryData<int>();
        foreach (var row in Cases())
        {
            data.Add(int.Parse(row.ScalarAt("line")!, CultureInfo.InvariantCulture));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Every_check_of_the_case_gets_the_plugins_verdict(int line)
    {
        var row = Cases().Single(r => r.ScalarAt("line") == line.ToString(CultureInfo.InvariantCulture));
        var at = $"accept_test.go:{line.ToString(CultureInfo.InvariantCulture)} {row.ScalarAt("name")}";
        var rules = (YamlSequence)row["rules"]!;
        var configuration = rules.Items.Count == 0 ? "executionRules: []"
            : "executionRules:\n" + UpstreamTable.AtLeftMargin(Project, File, rules);

        var masterConfig = ImagePolicyAdmissionValidationTableTests.MasterConfigWith(
            configuration,
            row.ScalarAt("integratedRegistry"));

        var set = FromFiles(("master-config.yaml", masterConfig));

        Assert.DoesNotContain(set.Problems, p => p.RuleId == "MG304");
        var checks = ((YamlSequence)row["checks"]!).Items.Cast<YamlMapping>().ToList();
        foreach (var check in checks)
        {
            var upstream = check.ScalarAt("covers") is { } covers ? (covers == "true" ? "reject" : "accept")
                : check.ScalarAt("accepts") == "true" ? "accept" : "reject";
            var expected = check.ScalarAt("ours") ?? upstream;
            Assert.True(expected == upstream || row.ScalarAt("why") is not null, $"{at}: a differing case says why");
            var (apiVersion, kind) = Workload(check.ScalarAt("resource")!);
            var image = check.ScalarAt("image") is { Length: > 0 } name ? name : "test:latest";

            var verdict = RuleIds(set, Use(image, kind: kind, apiVersion: apiVersion));

            var ours = verdict == "MG302" ? "reject"
                : verdict.Length > 0 ? verdict
                : NotEvaluatedOn(set, rules, check.ScalarAt("resource")!) ? "not evaluated"
                : "accept";
            var what = $"{at}: {check.ScalarAt("resource")} {image}";
            Assert.True(expected == ours, $"{what}: expected {expected}, got {ours}");
        }
    }

    /// <summary>Whether a note says a rule of the case on this resource is not evaluated.</summary>
    private static bool NotEvaluatedOn(PolicySet set, YamlSequence rules, string resource) =>
        rules.Items.Cast<YamlMapping>()
            .Where(r => PolicyYaml.Items(r["onResources"]).Cast<YamlMapping>()
                .Any(on => (on.ScalarAt("group") is { } g ? g + "/" : "") + on.ScalarAt("resource") == resource))
            .Select(r => $"executionRules \"{r.ScalarAt("name")}\" is not evaluated")
            .Any(note => set.Problems.Any(p => p.Level == FindingLevel.Note
                && p.Message.StartsWith(note, StringComparison.Ordinal)));

    /// <summary>The kind whose resource admission sees as the check's group/resource; none is a Deployment.</summary>
    private static (string ApiVersion, string Kind) Workload(string resource)
    {
        if (resource.Length == 0)
        {
            return ("apps/v1", "Deployment");
        }
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        var (group, plural) = slash < 0 ? ("", resource) : (resource[..slash], resource[(slash + 1)..]);
        var kind = plural switch
        {
            "pods" => "Pod",
            "services" => "Service",
            "nodes" => "Node",
            _ => throw new ArgumentException($"no kind for resource {resource}"),
        };
        return (group.Length == 0 ? "v1" : group + "/v1", kind);
    }

    private static List<YamlMapping> Cases() => UpstreamTable.YamlItems(Project, File, "cases");
}
