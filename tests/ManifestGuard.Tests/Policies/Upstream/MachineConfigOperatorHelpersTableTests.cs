using System.Text;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>
/// The Machine Config Operator's policy rendering verdicts, from pkg/controller/container-runtime-config/
/// helpers_test.go (openshift/machine-config-operator commit 7ff337a4ffac8e7562692181178ede61e4b2eec5,
/// Apache License 2.0), transcribed: the upstream line of each case is its first argument. The policies are
/// written as the objects a repository holds; the roots of trust are ours (a verdict on scopes does not
/// depend on them).
/// </summary>
public sealed class MachineConfigOperatorHelpersTableTests
{
    private static readonly string KeyData = PemTestData.PublicKey;

    // TestValidateClusterImagePolicyWithAllowedBlockedRegistries: a policy scope outside every allowed registry
    // or inside a blocked one makes rendering fail (MG304 on the scope); rows separate lists with '|'.
    [Theory]
    [InlineData(2063, "", "", "example.com|test.registries.com", "exaple.app.com|testapp.registries.com", false)]
    [InlineData(2075, "example.com|allowed.io/namespace1", "", "allowed.io/namespace1/policysigned|example.com", "allowed.io/namespace1/app/policysigned", false)]
    [InlineData(2090, "allowed.io/namespace1/namespace2", "", "allowed.io/policysigned", "", true)]
    [InlineData(2100, "", "blocked.io/namespace1/namespace2|blocked.example.com/namespace1/namespace2", "allowed.io/policysigned|blocked.io", "allowed.io/namespace1/app/policysigned|blocked.example.com/app/policysigned", false)]
    [InlineData(2116, "", "blocked.io|blocker-reg.com/namespace1", "blocker-reg.com/namespace1/policysigned|blocked.io", "", true)]
    [InlineData(2128, "allowed.io/namespace1/namespace2", "", "", "allowed.io/app/policysigned", true)]
    [InlineData(2138, "", "blocked.io|blocker-reg.com/namespace1", "", "blocker-reg.com/namespace1/policysigned|blocked.io", true)]
    public void Rendering_fails_exactly_when_the_operator_refuses_the_scopes(int upstreamLine, string allowed, string blocked, string clusterScopes, string namespaceScopes, bool fails)
    {
        var yaml = ImageConfig(Split(allowed), Split(blocked))
            + (clusterScopes.Length > 0 ? Policy("ClusterImagePolicy", null, Split(clusterScopes)) : "")
            + (namespaceScopes.Length > 0 ? Policy("ImagePolicy", "testnamespace", Split(namespaceScopes)) : "");

        var set = FromManifests(yaml);

        var refused = set.Problems.Where(p => p.RuleId == "MG304" && p.Message.Contains("cannot render node configuration", StringComparison.Ordinal)).ToList();
        Assert.True(fails == refused.Count > 0, $"helpers_test.go:{upstreamLine}: {string.Join("; ", set.Problems.Select(p => p.Message))}");
        Assert.DoesNotContain(set.Problems, p => p.RuleId == "MG304" && !refused.Contains(p));
    }

    // TestGetValidScopePolicies, "cluster and namespace CRs contains the same scope" (line 1752): the
    // ImagePolicy's test0.com is skipped because a ClusterImagePolicy holds it (MG303); test2.com is kept.
    [Fact]
    public void A_namespaced_scope_held_by_a_cluster_policy_is_dropped()
    {
        var yaml = Policy("ClusterImagePolicy", null, ["test0.com"], "test-cr0")
            + Policy("ClusterImagePolicy", null, ["test0.com", "test1.com"], "test-cr1")
            + Policy("ImagePolicy", "testnamespace", ["test0.com", "test2.com"], "test-cr0");

        var set = FromManifests(yaml);

        var shadowed = Assert.Single(set.Problems, p => p.RuleId == "MG303");
        Assert.Contains("scope \"test0.com\" equals ClusterImagePolicy/test-cr0 scope \"test0.com\"", shadowed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(set.Problems, p => p.RuleId == "MG304");
    }

    private static string[] Split(string list) => list.Length == 0 ? [] : list.Split('|');

    /// <summary>The Image `cluster` with these registry sources, or nothing when both lists are empty.</summary>
    internal static string ImageConfig(string[] allowed, string[] blocked)
    {
        if (allowed.Length == 0 && blocked.Length == 0)
        {
            return "";
        }
        var text = new StringBuilder("apiVersion: config.openshift.io/v1\nkind: Image\nmetadata:\n  name: cluster\nspec:\n  registrySources:\n");
        if (allowed.Length > 0)
        {
            text.Append("    allowedRegistries:\n").Append(string.Concat(allowed.Select(a => $"    - \"{a}\"\n")));
        }
        if (blocked.Length > 0)
        {
            text.Append("    blockedRegistries:\n").Append(string.Concat(blocked.Select(b => $"    - \"{b}\"\n")));
        }
        return text.Append("---\n").ToString();
    }

    private static string Policy(string kind, string? ns, string[] scopes, string name = "p") =>
        $"apiVersion: config.openshift.io/v1\nkind: {kind}\nmetadata:\n  name: {name}\n"
        + (ns is null ? "" : $"  namespace: {ns}\n")
        + "spec:\n  scopes:\n" + string.Concat(scopes.Select(s => $"  - {s}\n"))
        + $"  policy:\n    rootOfTrust:\n      policyType: PublicKey\n      publicKey:\n        keyData: {KeyData}\n---\n";
}
