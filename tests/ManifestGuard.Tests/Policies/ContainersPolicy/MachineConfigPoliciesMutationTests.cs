using System.IO.Compression;
using System.Text;
using Xunit;
using ManifestGuard.Findings;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.ContainersPolicy;

/// <summary>
/// Node policies written by MachineConfig and Butane configs: which objects and file paths count, how Ignition's
/// data: URLs decode (RFC 2397, optionally gzip), and how pools with different policies are reported.
/// </summary>
public sealed class MachineConfigPoliciesMutationTests
{
    private const string RejectAll = """{"default":[{"type":"reject"}]}""";

    private const string AcceptAll = """{"default":[{"type":"insecureAcceptAnything"}]}""";

    private const string PolicyPath = "/etc/containers/policy.json";

    private static readonly (string Path, string Source) RejectAllFile = (PolicyPath, "data:," + Percent(RejectAll));

    private static string Percent(string text) => Uri.EscapeDataString(text);

    /// <summary>A MachineConfig writing each (path, data: URL source); a null name or role is left out.</summary>
    private static string MachineConfig(string? name, string? role, params (string Path, string Source)[] files) =>
        MachineConfig("machineconfiguration.openshift.io/v1", "MachineConfig", name, role, files);

    private static string MachineConfig(
        string apiVersion, string kind, string? name, string? role, params (string Path, string Source)[] files)
    {
        var text = new StringBuilder($"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n");
        text.Append(name is null ? "  annotations: {}\n" : $"  name: {name}\n");
        if (role is not null)
        {
            text.Append($"  labels:\n    machineconfiguration.openshift.io/role: {role}\n");
        }
        text.Append("spec:\n  config:\n    storage:\n      files:\n");
        foreach (var (path, source) in files)
        {
            text.Append($"      - path: {path}\n        contents:\n          source: \"{source}\"\n");
        }
        return text.ToString();
    }

    private static string Butane(string header, string path, string inline) =>
        header + "metadata:\n  name: 99-worker-butane\n  labels:\n    machineconfiguration.openshift.io/role: worker\n"
        + $"storage:\n  files:\n  - path: {path}\n    contents:\n      inline: '{inline}'\n";

    [Theory]
    [InlineData("machineconfiguration.openshift.io/v1", "MachineConfig", "MG302")]
    [InlineData("example.com/v1", "MachineConfig", "")]
    [InlineData("machineconfiguration.openshift.io/v1", "KubeletConfig", "")]
    public void Only_MachineConfig_objects_of_the_machineconfiguration_group_write_node_files(
        string apiVersion, string kind, string expected)
    {
        var set = FromManifests(MachineConfig(apiVersion, kind, "99-worker-policy", "worker", RejectAllFile));
        Assert.Empty(set.Problems);
        Assert.Equal(expected, RuleIds(set, Use("quay.io/a/b:1")));
    }

    // Butane: `variant: openshift` and a `version`; another variant, or no version, is not a Butane config.
    [Theory]
    [InlineData("variant: openshift\nversion: 4.16.0\n", "MG302")]
    [InlineData("variant: openshift\n", "")]
    [InlineData("variant: fcos\nversion: 1.5.0\n", "")]
    public void Butane_configs_are_recognised_by_variant_and_version(string header, string expected)
    {
        var set = FromManifests(Butane(header, "/etc/containers/policy.json", RejectAll));
        Assert.Empty(set.Problems);
        Assert.Equal(expected, RuleIds(set, Use("quay.io/a/b:1")));
    }

    [Fact]
    public void A_MachineConfig_without_name_or_role_is_named_so()
    {
        var set = FromManifests(MachineConfig(null, null, RejectAllFile));
        var verdict = Assert.Single(set.Evaluate(Use("quay.io/a/b:1")));
        Assert.Equal(
            "MachineConfig/(unnamed) /etc/containers/policy.json (role (no role label)) \"default\"", verdict.Policy);
    }

    // Files elsewhere on the node, and entries without a path, are not read at all (not even decoded).
    [Fact]
    public void Other_files_and_entries_without_a_path_are_skipped()
    {
        var yaml = MachineConfig("99-worker-policy", "worker", ("/etc/motd", "https://example.com/motd"), RejectAllFile)
            + "      - contents:\n          source: https://example.com/nowhere\n";
        var set = FromManifests(yaml);
        Assert.Empty(set.Problems);
        Assert.Equal("MG302", RuleIds(set, Use("quay.io/a/b:1")));
    }

    // The registries.d files are /etc/containers/registries.d/*.yaml and *.yml; a broken one is reported.
    [Theory]
    [InlineData("/etc/containers/registries.d/a.yaml", true)]
    [InlineData("/etc/containers/registries.d/a.yml", true)]
    [InlineData("/etc/containers/registries.d/a.conf", false)]
    [InlineData("/etc/containers/a.yaml", false)]
    [InlineData("/etc/registries.d/a.yaml", false)]
    public void Registries_d_files_are_read_by_path(string path, bool read)
    {
        var set = FromManifests(Butane("variant: openshift\nversion: 4.16.0\n", path, "docker: ["));
        Assert.Equal(read, set.Problems.Any(p => p.Message.Contains("not valid YAML", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("https://example.com/policy.json", false, "the contents are not a data: URL (remote sources cannot be read offline)")]
    [InlineData("data:text/plain;base64", false, "the data: URL has no ','")]
    [InlineData("data:;base64,!!!!", false, "the data: URL is not valid base64")]
    [InlineData("data:,plain", true, "the contents are marked gzip but do not decompress")]
    public void Undecodable_contents_are_a_warning_at_the_source_line(string source, bool gzip, string error)
    {
        var yaml = MachineConfig("99-worker-policy", "worker", ("/etc/containers/policy.json", source));
        if (gzip)
        {
            yaml += "          compression: gzip\n";
        }
        var problem = Assert.Single(FromManifests(yaml).Problems);
        Assert.Equal(("MG304", FindingLevel.Warning), (problem.RuleId, problem.Level));
        Assert.Equal("MachineConfig/99-worker-policy /etc/containers/policy.json: " + error, problem.Message);
        Assert.Equal(13, problem.Span.StartLine);
    }

    [Fact]
    public void Gzip_compressed_contents_are_decompressed()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(RejectAll));
        }
        var source = "data:;base64," + Convert.ToBase64String(buffer.ToArray());
        var yaml = MachineConfig("99-worker-policy", "worker", ("/etc/containers/policy.json", source))
            + "          compression: gzip\n";
        var set = FromManifests(yaml);
        Assert.Empty(set.Problems);
        Assert.Equal("MG302", RuleIds(set, Use("quay.io/a/b:1")));
    }

    // A '%' without two hex digits after it is kept as written, also at the very end of the contents.
    [Theory]
    [InlineData("%")]
    [InlineData("%A")]
    [InlineData("%zz")]
    public void A_lone_percent_sign_is_kept(string ending)
    {
        var policy = """{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k"}]}""";
        var registries = "default-docker:%0A  lookaside: https://l%0A# 10" + ending;
        var set = FromManifests(MachineConfig("99-worker-policy", "worker",
            ("/etc/containers/policy.json", "data:," + Percent(policy)),
            ("/etc/containers/registries.d/l.yaml", "data:," + registries)));
        Assert.Empty(set.Problems);
    }

    [Fact]
    public void Json_that_is_not_one_object_is_refused()
    {
        var set = FromManifests(MachineConfig("99-worker-policy", "worker", (PolicyPath, "data:,%5B1%5D")));
        var problem = Assert.Single(set.Problems);
        Assert.Equal(
            "MachineConfig/99-worker-policy /etc/containers/policy.json line 1: not valid JSON (expected one JSON object): containers/image refuses the whole file, so every image pull on nodes using it fails",
            problem.Message);
    }

    [Fact]
    public void Pools_with_different_policies_are_inconsistent()
    {
        var set = FromManifests(
            MachineConfig("99-worker-policy", "worker", RejectAllFile)
            + "---\n" + MachineConfig("99-master-policy", "master", (PolicyPath, "data:," + Percent(AcceptAll))));
        var problem = Assert.Single(set.Problems);
        Assert.Equal("MG305", problem.RuleId);
        Assert.Equal(
            "MachineConfig/99-worker-policy /etc/containers/policy.json gives role worker a different /etc/containers/policy.json than MachineConfig/99-master-policy /etc/containers/policy.json gives role master: the same pod is admitted or rejected depending on the pool it lands on",
            problem.Message);
        Assert.Equal(13, problem.Span.StartLine);
    }

    // master and worker exist in every cluster: a MachineConfig for one of them without the policy shows the gap.
    [Theory]
    [InlineData("worker", "master")]
    [InlineData("master", "worker")]
    public void A_known_pool_without_the_policy_is_inconsistent(string withPolicy, string without)
    {
        var set = FromManifests(
            MachineConfig("99-a", withPolicy, RejectAllFile)
            + "---\n" + MachineConfig("99-b", without, ("/etc/motd", "data:,hello")));
        var problem = Assert.Single(set.Problems);
        Assert.Equal("MG305", problem.RuleId);
        Assert.Equal(
            $"MachineConfig/99-a /etc/containers/policy.json sets /etc/containers/policy.json for role {withPolicy}, but no MachineConfig sets it for role {without}: {without} nodes pull under their default policy",
            problem.Message);
        Assert.Equal(("MachineConfig/99-a /etc/containers/policy.json", 13), (problem.Policy, problem.Span.StartLine));
    }

    // Text that is not JSON compares as written, apart from line endings and surrounding white space.
    [Theory]
    [InlineData("not%0D%0Ajson%20", "not%0Ajson", false)]
    [InlineData("not%0Ajson", "not%20json", true)]
    public void Policies_that_are_not_json_compare_as_text(string worker, string master, bool inconsistent)
    {
        var set = FromManifests(
            MachineConfig("99-worker-policy", "worker", ("/etc/containers/policy.json", "data:," + worker))
            + "---\n"
            + MachineConfig("99-master-policy", "master", ("/etc/containers/policy.json", "data:," + master)));
        Assert.Equal(inconsistent, set.Problems.Any(p => p.RuleId == "MG305"));
    }
}
