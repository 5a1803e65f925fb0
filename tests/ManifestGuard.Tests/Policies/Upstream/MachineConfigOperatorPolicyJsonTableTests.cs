using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.References;
using ManifestGuard.Signatures;
using ManifestGuard.Tests.Signatures;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>
/// The Machine Config Operator's TestUpdatePolicyJSON and TestUpdateNamespacedPolicyJSONs (helpers_test.go, data
/// under TestData/upstream/machine-config-operator): the node policy.json and per-namespace policy files rendered
/// from ClusterImagePolicy, ImagePolicy and the Image config's registry sources. Each row's expected file is
/// compared with ours (the default and the docker transport, as JSON values) and its verdict on an image of every
/// scope with OpenShiftNodePolicy's. The atomic and docker-daemon transports are not rendered: pods are pulled
/// through the docker transport only.
/// </summary>
public sealed class MachineConfigOperatorPolicyJsonTableTests
{
    private const string Project = "machine-config-operator";

    /// <summary>
    /// The tests' key material and remap prefixes, which the API server refuses (not PEM, no domain), and the
    /// valid values that stand for them, in the objects and the expected files alike. Each placeholder gets its
    /// own value, so a field copied into the wrong place shows.
    /// </summary>
    private static readonly (string Upstream, string Ours)[] Placeholders =
    [
        ("dGVzdC1rZXktZGF0YQ==", PemTestData.PublicKey),
        ("dGVzdC1yZWtvci1rZXktZGF0YQ==", PemTestData.SecondPublicKey),
        ("dGVzdC1jYS1kYXRhLWRhdGE=", PemTestData.Certificate),
        (
            "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJBVEE9Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0=",
            PemTestData.SecondCertificate
        ),
        ("test-remap-prefix", "remap.example.com/prefix"),
        ("test-remap-signed-prefix", "remap.example.com/signed-prefix"),
    ];

    public static TheoryData<int> UpdatePolicyJsonLines()
    {
        var data = new TheoryData<int>();
        foreach (var row in Rows())
        {
            data.Add(row["line"]!.GetValue<int>());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(UpdatePolicyJsonLines))]
    public void UpdatePolicyJSON_row_renders_and_decides_as_the_operator(int line)
    {
        var row = Rows().Single(r => r["line"]!.GetValue<int>() == line);
        var at = $"helpers_test.go:{line.ToString(CultureInfo.InvariantCulture)} {row["name"]}";
        var written = row["imageConfig"] ?? row;
        var policy = row["clusterImagePolicy"]?.GetValue<string>();
        var (allowed, blocked) = (Strings(written["allowed"]), Strings(written["blocked"]));
        var yaml = MachineConfigOperatorHelpersTableTests.ImageConfig(allowed, blocked)
            + (policy is null ? "" : CustomResource("ClusterImagePolicy/" + policy));

        var set = FromManifests(yaml);

        var refused = set.Problems.Where(p => p.RuleId == "MG304").Select(p => p.Message).ToList();
        if (row["errorExpected"]!.GetValue<bool>())
        {
            // Both lists in one Image: the API server refuses the object before the operator ever renders it.
            Assert.True(refused.Count > 0, $"{at}: the Image is refused");
            Assert.Null(OpenShiftNodeFiles.Render(Documents(yaml)));
            return;
        }
        Assert.True(refused.Count == 0, $"{at}: {string.Join("; ", refused)}");
        var want = Substitute(row["want"]!.ToJsonString());
        var docker = JsonNode.Parse(want)!["transports"]!["docker"]?.AsObject() ?? [];
        var differs = row["differs"]?.AsObject();
        foreach (var scope in docker.Select(s => s.Key).Append("unlisted.example.org"))
        {
            var host = scope.StartsWith("*.", StringComparison.Ordinal) ? "probe" + scope[1..] : scope;
            var probe = ImageReference.Parse(host + "/probe:1");
            var expected = differs?[scope]?.GetValue<string>() ?? Verdict(JsonNode.Parse(want)!, probe);
            var ours = RuleIds(set, Use(probe.Raw));
            Assert.True(expected == ours, $"{at}: {probe.Raw}: expected \"{expected}\", got \"{ours}\"");
        }

        var files = OpenShiftNodeFiles.Render(Documents(yaml));
        if (row["clusterImagePolicy"] is null)
        {
            // Registry sources alone carry no signature to verify: no node file is rendered; the probes above
            // assert what the operator's file decides.
            Assert.Null(files);
            return;
        }
        Assert.NotNull(files);
        AssertSamePolicy(at, want, files.ClusterPolicy.Json);
        Assert.Empty(files.NamespacePolicies);
    }

    [Fact]
    public void UpdateNamespacedPolicyJSONs_renders_the_cluster_file_and_one_file_per_namespace_as_the_operator()
    {
        // helpers_test.go:2188-2571: ClusterImagePolicy test-cr0 and test-cr1; ImagePolicy test-cr0, test-cr3 and
        // test-cr4 (test-cr0's test0.com is held by the cluster policies and dropped).
        var files = OpenShiftNodeFiles.Render(Documents(CustomResource(
            "ClusterImagePolicy/test-cr0", "ClusterImagePolicy/test-cr1",
            "ImagePolicy/test-cr0", "ImagePolicy/test-cr3", "ImagePolicy/test-cr4")));

        Assert.NotNull(files);
        AssertSamePolicy("expectClusterPolicy", Expected("cluster"), files.ClusterPolicy.Json);
        Assert.Equal(["test-1-namespace", "testnamespace"], files.NamespacePolicies.Keys.Order(StringComparer.Ordinal));
        foreach (var (ns, policy) in files.NamespacePolicies)
        {
            Assert.Equal($"/etc/crio/policies/{ns}.json", policy.Path);
            AssertSamePolicy(ns, Expected(ns), policy.Json);
        }
    }

    [Fact]
    public void UpdateNamespacedPolicyJSONs_without_ImagePolicy_renders_no_namespace_file()
    {
        // helpers_test.go:2183-2186: no namespaced policies, no namespaced file.
        var yaml = CustomResource("ClusterImagePolicy/test-cr0", "ClusterImagePolicy/test-cr1");

        var files = OpenShiftNodeFiles.Render(Documents(yaml));

        Assert.NotNull(files);
        Assert.Empty(files.NamespacePolicies);
    }

    /// <summary>What the expected policy file decides for a tag reference, as our rule ids.</summary>
    private static string Verdict(JsonNode policy, ImageReference image)
    {
        var docker = policy["transports"]!["docker"]?.AsObject();
        var scope = docker is null ? null : DockerScopeLookup.MostSpecific(image, s => docker.ContainsKey(s));
        var requirements = scope is null ? policy["default"]!.AsArray() : docker![scope]!.AsArray();
        var types = requirements.Select(r => r!["type"]!.GetValue<string>()).ToList();
        return types.Contains("reject") ? (scope is null ? "MG201" : "MG202")
            : types.Contains("sigstoreSigned") ? "MG301"
            : "";
    }

    private static void AssertSamePolicy(string at, string expected, string actual)
    {
        var want = DefaultAndDocker(JsonNode.Parse(expected)!);
        var got = DefaultAndDocker(JsonNode.Parse(actual)!);
        Assert.True(JsonNode.DeepEquals(want, got), $"{at}: expected {want.ToJsonString()}\ngot {got.ToJsonString()}");
        // As upstream checks with signature.NewPolicyFromBytes, the rendered file must be a valid policy.json.
        OpenShiftNodeFilesTests.AcceptedByContainersImage(actual);
    }

    private static JsonObject DefaultAndDocker(JsonNode policy) => new()
    {
        ["default"] = policy["default"]?.DeepClone(),
        ["docker"] = policy["transports"]?["docker"]?.DeepClone(),
    };

    private static string Expected(string name) =>
        Substitute(File.ReadAllText(UpstreamTable.PathOf(Project, $"updatenamespaced_{name}_policy.json")));

    /// <summary>The objects of helpers_test_crs.yaml, each named "Kind/name", with the placeholders replaced.</summary>
    private static string CustomResource(params string[] names)
    {
        var documents = File.ReadAllText(UpstreamTable.PathOf(Project, "helpers_test_crs.yaml")).Split("\n---\n");
        var text = new StringBuilder();
        foreach (var kindAndName in names)
        {
            var (kind, name) = (kindAndName.Split('/')[0], kindAndName.Split('/')[1]);
            text.Append(Assert.Single(documents, d => d.Contains($"kind: {kind}\n", StringComparison.Ordinal)
                && d.Contains($"name: \"{name}\"\n", StringComparison.Ordinal)));
            text.Append("\n---\n");
        }
        return Substitute(text.ToString());
    }

    private static string Substitute(string text)
    {
        foreach (var (upstream, ours) in Placeholders)
        {
            text = text.Replace($"\"{upstream}\"", $"\"{ours}\"", StringComparison.Ordinal);
        }
        return text;
    }

    private static string[] Strings(JsonNode? list) =>
        list?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? [];

    private static List<JsonObject> Rows() =>
        UpstreamTable.Json(Project, "update_policy_json_rows.json")["rows"]!.AsArray()
            .Select(r => r!.AsObject())
            .ToList();
}
