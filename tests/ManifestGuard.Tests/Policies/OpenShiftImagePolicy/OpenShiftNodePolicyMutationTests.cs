using System.Security.Cryptography;
using System.Text;
using ManifestGuard.Policies;
using ManifestGuard.Policies.OpenShiftImagePolicy;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.OpenShiftImagePolicy;

/// <summary>
/// Which scope decides for an image on an OpenShift 4 node (ClusterImagePolicy, ImagePolicy per namespace, the
/// Image config's registrySources), and the words of each verdict and problem.
/// </summary>
public sealed class OpenShiftNodePolicyMutationTests
{
    private static readonly string PublicKey = Convert.ToBase64String(Encoding.UTF8.GetBytes(NewPublicKeyPem()));

    private static string NewPublicKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem() + "\n";
    }

    private static string Policy(string kind, string name, string? ns, params string[] scopes) => $"""
        apiVersion: config.openshift.io/v1
        kind: {kind}
        metadata:
          name: {name}{(ns is null ? "" : "\n  namespace: " + ns)}
        spec:
          scopes:
        {string.Concat(scopes.Select(s => $"  - {s}\n"))}  policy:
            rootOfTrust:
              policyType: PublicKey
              publicKey:
                keyData: {PublicKey}
            signedIdentity:
              matchPolicy: MatchRepository
        ---

        """;

    private static string Cluster(string name, params string[] scopes) => Policy("ClusterImagePolicy", name, null, scopes);

    private static string Namespaced(string name, string ns, params string[] scopes) => Policy("ImagePolicy", name, ns, scopes);

    private static string ImageConfig(string key, params string[] registries) => $"""
        apiVersion: config.openshift.io/v1
        kind: Image
        metadata:
          name: cluster
        spec:
          registrySources:
            {key}:
        {string.Concat(registries.Select(r => $"    - {r}\n"))}---

        """;

    private static IReadOnlyList<PolicyVerdict> Verdicts(PolicySet set, string image, string? ns = "default") => set.Evaluate(Use(image, ns));

    [Fact]
    public void A_cluster_scope_asks_for_a_digest_in_words()
    {
        var set = FromManifests(Cluster("signed", "example.io/team"));

        var verdict = Assert.Single(Verdicts(set, "example.io/team/app:1"));

        Assert.Equal(("MG301", "ClusterImagePolicy/signed scope \"example.io/team\""), (verdict.RuleId, verdict.Policy));
        Assert.Equal(
            "\"example.io/team/app:1\" is covered by ClusterImagePolicy/signed scope \"example.io/team\", which requires a sigstore " +
            "signature verified against the image digest: pin the image by digest",
            verdict.Message);
        Assert.Empty(Verdicts(set, "example.io/team/app@sha256:" + new string('a', 64)));
        Assert.Empty(Verdicts(set, "example.io/other/app:1"));
        Assert.Empty(set.Problems);
    }

    [Fact]
    public void Every_policy_on_the_scope_is_named_once()
    {
        var set = FromManifests(Cluster("one", "example.io/team", "other.io") + Cluster("two", "example.io/team"));

        Assert.Equal(
            ["ClusterImagePolicy/one scope \"example.io/team\"", "ClusterImagePolicy/two scope \"example.io/team\""],
            Verdicts(set, "example.io/team/app:1").Select(v => v.Policy));
    }

    [Theory]
    [InlineData("team", "MG301")]
    [InlineData("other", "")]
    [InlineData(null, "")]
    public void An_image_policy_applies_in_its_namespace_only(string? ns, string expected)
    {
        var set = FromManifests(Namespaced("p", "team", "other.io/app"));

        Assert.Equal(expected, RuleIds(set, Use("other.io/app:1", ns)));
        if (expected.Length > 0)
        {
            Assert.Equal("ImagePolicy/team/p scope \"other.io/app\"", Assert.Single(Verdicts(set, "other.io/app:1", ns)).Policy);
        }
    }

    [Fact]
    public void Cluster_and_namespace_scopes_add_up_in_the_namespace()
    {
        var set = FromManifests(Cluster("signed", "example.io") + Namespaced("p", "team", "other.io"));

        Assert.Equal("MG301", RuleIds(set, Use("example.io/a:1", "team")));
        Assert.Equal("MG301", RuleIds(set, Use("other.io/a:1", "team")));
        Assert.Equal("", RuleIds(set, Use("other.io/a:1", "elsewhere")));
    }

    [Theory]
    [InlineData("example.io/team/app", "is nested inside")]
    [InlineData("example.io/team", "equals")]
    public void An_image_policy_scope_inside_a_cluster_scope_is_shadowed(string scope, string relation)
    {
        var set = FromManifests(Cluster("signed", "example.io/team") + Namespaced("p", "dev", scope));

        var problem = Assert.Single(set.Problems);
        Assert.Equal("MG303", problem.RuleId);
        Assert.Equal(
            $"ImagePolicy/dev/p scope \"{scope}\" {relation} ClusterImagePolicy/signed scope \"example.io/team\": the cluster ignores it " +
            "(status reason ConflictScopes) and only the ClusterImagePolicy applies in namespace dev",
            problem.Message);
        Assert.Equal($"ImagePolicy/dev/p scope \"{scope}\"", problem.Policy);
        Assert.Equal("cluster/policy.yaml", problem.File);
        // Only the cluster policy is left: one verdict, not two.
        Assert.Equal("ClusterImagePolicy/signed scope \"example.io/team\"", Assert.Single(Verdicts(set, scope + ":1", "dev")).Policy);
    }

    [Fact]
    public void An_image_outside_the_allowed_registries_is_MG201_with_the_list()
    {
        var set = FromManifests(ImageConfig("allowedRegistries", "quay.io", "example.io") + Cluster("signed", "example.io/team"));

        var verdict = Assert.Single(Verdicts(set, "ghcr.io/x/app:1"));

        Assert.Equal(("MG201", "Image/cluster registrySources.allowedRegistries"), (verdict.RuleId, verdict.Policy));
        Assert.Equal(
            "\"ghcr.io/x/app:1\" (ghcr.io/x/app) is in none of Image/cluster registrySources.allowedRegistries (quay.io, example.io): nodes reject the pull",
            verdict.Message);
        Assert.Empty(Verdicts(set, "quay.io/a/b:1"));
        Assert.Empty(Verdicts(set, "example.io/other:1"));
        Assert.Equal("MG301", RuleIds(set, Use("example.io/team/app:1")));
        Assert.Empty(set.Problems);
    }

    [Fact]
    public void An_allowed_registry_that_is_a_cluster_scope_still_needs_the_signature()
    {
        var set = FromManifests(ImageConfig("allowedRegistries", "example.io/team") + Cluster("signed", "example.io/team"));

        Assert.Equal("MG301", RuleIds(set, Use("example.io/team/app:1")));
    }

    [Fact]
    public void A_blocked_registry_is_MG202_even_for_a_pinned_image()
    {
        var set = FromManifests(ImageConfig("blockedRegistries", "ghcr.io"));

        var verdict = Assert.Single(Verdicts(set, "ghcr.io/x/app@sha256:" + new string('a', 64)));

        Assert.Equal(("MG202", "Image/cluster registrySources.blockedRegistries \"ghcr.io\""), (verdict.RuleId, verdict.Policy));
        Assert.Equal(
            $"\"ghcr.io/x/app@sha256:{new string('a', 64)}\" is blocked by Image/cluster registrySources.blockedRegistries \"ghcr.io\": nodes reject the pull",
            verdict.Message);
        Assert.Empty(Verdicts(set, "quay.io/a/b:1"));
    }

    [Fact]
    public void A_cluster_scope_outside_the_allowed_registries_stops_node_updates()
    {
        var set = FromManifests(ImageConfig("allowedRegistries", "quay.io") + Cluster("signed", "example.io"));

        var problem = Assert.Single(set.Problems);
        Assert.Equal("MG304", problem.RuleId);
        Assert.Equal(
            "ClusterImagePolicy/signed: the Machine Config Operator cannot render node configuration with Image/cluster (clusterimagePolicy " +
            "configured for the scope example.io is not nested inside allowedRegistries): node updates stop until it is fixed",
            problem.Message);
        Assert.Equal("ClusterImagePolicy/signed scope \"example.io\"", problem.Policy);
    }

    [Fact]
    public void An_image_policy_scope_inside_a_blocked_registry_stops_node_updates()
    {
        var set = FromManifests(ImageConfig("blockedRegistries", "example.io") + Namespaced("p", "team", "example.io/team"));

        var problem = Assert.Single(set.Problems);
        Assert.Equal(
            "ImagePolicy/team/p: the Machine Config Operator cannot render node configuration with Image/cluster (imagePolicy " +
            "configured for the scope example.io/team is nested inside blockedRegistries): node updates stop until it is fixed",
            problem.Message);
    }

    [Fact]
    public void Allowed_registries_alone_admit_what_they_list()
    {
        var set = FromManifests(ImageConfig("allowedRegistries", "quay.io"));

        Assert.Empty(Verdicts(set, "quay.io/a/b:1"));
        Assert.Equal("MG201", RuleIds(set, Use("ghcr.io/a/b:1")));
        Assert.Empty(set.Problems);
    }

    // An ImagePolicy without metadata.namespace applies to workloads whose namespace is unknown, and to no other.
    [Theory]
    [InlineData(null, "MG301")]
    [InlineData("default", "")]
    public void An_image_policy_without_a_namespace_applies_where_the_namespace_is_unknown(string? ns, string expected)
    {
        var set = FromManifests(Policy("ImagePolicy", "p", null, "other.io/app"));

        Assert.Empty(set.Problems);
        Assert.Equal(expected, RuleIds(set, Use("other.io/app:1", ns)));
    }

    [Fact]
    public void A_shadowed_image_policy_without_a_namespace_names_none()
    {
        var set = FromManifests(Cluster("signed", "example.io") + Policy("ImagePolicy", "p", null, "example.io/team"));

        Assert.Equal(
            "ImagePolicy/p scope \"example.io/team\" is nested inside ClusterImagePolicy/signed scope \"example.io\": " +
            "the cluster ignores it (status reason ConflictScopes) and only the ClusterImagePolicy applies in namespace (none)",
            Assert.Single(set.Problems).Message);
    }

    [Fact]
    public void A_blocked_registry_that_is_also_a_cluster_scope_only_blocks()
    {
        var set = FromManifests(ImageConfig("blockedRegistries", "example.io") + Cluster("signed", "example.io"));

        Assert.Equal("MG202", RuleIds(set, Use("example.io/app:1")));
    }
}
