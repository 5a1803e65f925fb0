using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ManifestGuard.Policies.OpenShiftImagePolicy;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.OpenShiftImagePolicy;

public sealed class SigstoreImagePolicyTests
{
    private static readonly string PublicKey = Base64(PemKey());
    private static readonly string Certificate = Base64(PemCertificate());

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string PemKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem() + "\n";
    }

    private static string PemCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fulcio.example.com", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem() + "\n";
    }

    // The two ImagePolicy examples of "Manage secure signatures with sigstore" (OpenShift docs, Nodes,
    // Images): a PublicKey root of trust with MatchRepository, and FulcioCAWithRekor with RemapIdentity.
    private static string PublicKeyImagePolicy(string ns = "testnamespace", string scope = "example.io/crio/signed") => $"""
        apiVersion: config.openshift.io/v1
        kind: ImagePolicy
        metadata:
          name: p0
          namespace: {ns}
        spec:
          scopes:
          - {scope}
          policy:
            rootOfTrust:
              policyType: PublicKey
              publicKey:
                keyData: {PublicKey}
            signedIdentity:
              matchPolicy: MatchRepository
        """;

    private static string FulcioImagePolicy() => $"""
        apiVersion: config.openshift.io/v1
        kind: ImagePolicy
        metadata:
          name: p1
          namespace: testnamespace
        spec:
          scopes:
          - test0.com
          policy:
            rootOfTrust:
              policyType: FulcioCAWithRekor
              fulcioCAWithRekor:
                fulcioCAData: {Certificate}
                rekorKeyData: {PublicKey}
                fulcioSubject:
                  oidcIssuer: https://OIDC.example.com
                  signedEmail: test-user@example.com
            signedIdentity:
              matchPolicy: RemapIdentity
              remapIdentity:
                prefix: test-remap-prefix.com
                signedPrefix: test-remap-signed-prefix.com
        """;

    private static string ClusterImagePolicy(string scopes) => $"""
        apiVersion: config.openshift.io/v1alpha1
        kind: ClusterImagePolicy
        metadata:
          name: cluster-policy
        spec:
          scopes: [{scopes}]
          policy:
            rootOfTrust:
              policyType: PublicKey
              publicKey:
                keyData: {PublicKey}
        """;

    [Theory]
    [InlineData("example.io/crio/signed:v1", "testnamespace", "MG301")]
    [InlineData("example.io/crio/signed/sub/app:v1", "testnamespace", "MG301")]
    [InlineData("example.io/crio/signed@sha256:0123456789012345678901234567890123456789012345678901234567890123", "testnamespace", "")]
    [InlineData("example.io/crio/signed:v1", "other", "")]
    [InlineData("example.io/crio/unsigned:v1", "testnamespace", "")]
    [InlineData("test0.com/app:v1", "testnamespace", "MG301")]
    [InlineData("test0.com:5000/app:v1", "testnamespace", "")]
    public void The_documented_ImagePolicy_examples_apply_to_their_namespace(string image, string ns, string expected)
    {
        var set = FromManifests(PublicKeyImagePolicy() + "\n---\n" + FulcioImagePolicy());
        Assert.Empty(set.Problems);
        Assert.Equal(expected, RuleIds(set, Use(image, ns)));
    }

    [Fact]
    public void An_ImagePolicy_scope_under_a_ClusterImagePolicy_scope_is_shadowed()
    {
        var text = ClusterImagePolicy("example.io/crio") + "\n---\n" + PublicKeyImagePolicy();
        var set = FromManifests(text);
        var problem = Assert.Single(set.Problems);
        Assert.Equal("MG303", problem.RuleId);
        Assert.Contains("ConflictScopes", problem.Message, StringComparison.Ordinal);
        Assert.Equal(20, problem.Span.StartLine);
        var verdict = Assert.Single(set.Evaluate(Use("example.io/crio/signed:v1", "testnamespace")));
        Assert.StartsWith("ClusterImagePolicy/cluster-policy", verdict.Policy, StringComparison.Ordinal);
    }

    // runtime-utils ScopeIsNestedInsideScope: as the MCO decides ConflictScopes.
    [Theory]
    [InlineData("example.io/crio", "example.io/crio", true)]
    [InlineData("example.io/crio/signed", "example.io/crio", true)]
    [InlineData("example.io/crio:v1", "example.io/crio", false)]
    [InlineData("example.io/crio@sha256:0123456789012345678901234567890123456789012345678901234567890123", "example.io/crio", false)]
    [InlineData("example.io/criox", "example.io/crio", false)]
    [InlineData("a.example.io/x", "*.example.io", true)]
    [InlineData("a.example.io:5000", "*.example.io", true)]
    [InlineData("*.a.example.io", "*.example.io", true)]
    [InlineData("example.io", "*.example.io", false)]
    [InlineData("quay.io/bar.example.io", "*.example.io", false)]
    public void Scope_nesting_follows_the_machine_config_operator(string sub, string super, bool nested) =>
        Assert.Equal(nested, ScopeNesting.IsNestedInside(sub, super));

    // ImageScope's CEL rules (openshift/api config/v1 types_image_policy.go).
    [Theory]
    [InlineData("example.com", null)]
    [InlineData("example.com:5000/ns/repo:tag", null)]
    [InlineData("localhost:5000/repo", null)]
    [InlineData("example.com/repo@sha256:0123456789012345678901234567890123456789012345678901234567890123", null)]
    [InlineData("*.example.com", null)]
    [InlineData("busybox", "fully qualified domain name")]
    [InlineData("docker.io/library/Busybox", "invalid repository namespace")]
    [InlineData("*.example.com/repo", "wildcard")]
    [InlineData("example*.com", "wildcard")]
    [InlineData("*.example.com:5000", "wildcard")]
    public void Scopes_are_validated_as_the_API_server_does(string scope, string? error)
    {
        var result = SigstoreImagePolicyReader.CheckScope(scope);
        if (error is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.Contains(error, result, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_scope_longer_than_512_characters_is_invalid() =>
        Assert.NotNull(SigstoreImagePolicyReader.CheckScope("example.com/" + new string('a', 501)));

    [Theory]
    [InlineData("policyType: PublicKey", "publicKey is required when policyType is PublicKey")]
    [InlineData("policyType: PublicKey\n      publicKey:\n        keyData: bm90IGEga2V5IGF0IGFsbCwganVzdCBzb21lIHRleHQgdGhhdCBpcyBsb25nIGVub3VnaCB0byBwYXNz", "must start with base64 encoding of '-----BEGIN PUBLIC KEY-----'")]
    [InlineData("policyType: PublicKey\n      publicKey:\n        keyData: LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0KTUFBQUFBQUFBQUFBQUFBQUFBQUFBPT0KLS0tLS1FTkQgUFVCTElDIEtFWS0tLS0tCg==", "does not hold a valid public key")]
    [InlineData("policyType: FulcioCAWithRekor\n      publicKey:\n        keyData: KEY", "fulcioCAWithRekor is required")]
    [InlineData("policyType: Sigstore", "is not one of PublicKey, FulcioCAWithRekor, PKI")]
    public void Root_of_trust_is_validated(string rootOfTrust, string error)
    {
        var text = $"""
            apiVersion: config.openshift.io/v1
            kind: ClusterImagePolicy
            metadata:
              name: bad
            spec:
              scopes: [quay.io/team]
              policy:
                rootOfTrust:
                  {rootOfTrust.Replace("KEY", PublicKey, StringComparison.Ordinal)}
            """;
        var set = FromManifests(text);
        Assert.All(set.Problems, p => Assert.Equal("MG304", p.RuleId));
        Assert.Contains(set.Problems, p => p.Message.Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Key_data_over_8192_base64_characters_is_invalid()
    {
        var key = Base64("-----BEGIN PUBLIC KEY-----\n" + new string('A', 6200) + "\n-----END PUBLIC KEY-----\n");
        var set = FromManifests(ClusterImagePolicy("quay.io/team").Replace(PublicKey, key, StringComparison.Ordinal));
        Assert.Contains("more than the 8192 allowed", Assert.Single(set.Problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("matchPolicy: ExactRepository", "exactRepository is required")]
    [InlineData("matchPolicy: ExactRepository\n      exactRepository:\n        repository: example.com/repo:tag", "should not include the tag or digest")]
    [InlineData("matchPolicy: RemapIdentity\n      remapIdentity:\n        prefix: example.com\n        signedPrefix: busybox", "must starts with 'localhost' or a valid '.' separated domain")]
    [InlineData("matchPolicy: Exact", "is not one of")]
    public void Signed_identity_is_validated(string identity, string error)
    {
        var text = ClusterImagePolicy("quay.io/team") + $"\n    signedIdentity:\n      {identity}\n";
        var set = FromManifests(text);
        Assert.Contains(error, Assert.Single(set.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_registries_and_policies_render_like_the_node_policy()
    {
        var image = """
            apiVersion: config.openshift.io/v1
            kind: Image
            metadata:
              name: cluster
            spec:
              registrySources:
                allowedRegistries:
                - quay.io
                - quay.io/team/unsigned
                - registry.redhat.io
            """;
        var set = FromManifests(image + "\n---\n" + ClusterImagePolicy("quay.io/team"));
        Assert.Empty(set.Problems);
        Assert.Equal("MG201", RuleIds(set, Use("docker.io/library/nginx:1.25")));
        Assert.Equal("MG201", RuleIds(set, Use("nginx")));
        Assert.Equal("", RuleIds(set, Use("quay.io/other/app:1")));
        Assert.Equal("MG301", RuleIds(set, Use("quay.io/team/app:1")));
        // The narrower allowed registry is an insecureAcceptAnything scope that wins over the policy's scope.
        Assert.Equal("", RuleIds(set, Use("quay.io/team/unsigned:1")));
    }

    [Fact]
    public void A_policy_scope_outside_the_allowed_registries_stops_node_updates()
    {
        var image = """
            apiVersion: config.openshift.io/v1
            kind: Image
            metadata:
              name: cluster
            spec:
              registrySources:
                allowedRegistries: [registry.redhat.io]
            """;
        var set = FromManifests(image + "\n---\n" + ClusterImagePolicy("quay.io/team"));
        var problem = Assert.Single(set.Problems);
        Assert.Equal("MG304", problem.RuleId);
        Assert.Contains("is not nested inside allowedRegistries", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quay.io/bad/app:1", "MG202")]
    [InlineData("quay.io/badder/app:1", "")]
    [InlineData("x.blocked.example.com/app:1", "MG202")]
    public void Blocked_registries(string image, string expected)
    {
        var set = FromManifests("""
            apiVersion: config.openshift.io/v1
            kind: Image
            metadata:
              name: cluster
            spec:
              registrySources:
                blockedRegistries: [quay.io/bad, "*.blocked.example.com"]
            """);
        Assert.Empty(set.Problems);
        Assert.Equal(expected, RuleIds(set, Use(image)));
    }

    [Fact]
    public void Allowed_and_blocked_together_are_refused()
    {
        var set = FromManifests("""
            apiVersion: config.openshift.io/v1
            kind: Image
            metadata:
              name: cluster
            spec:
              registrySources:
                allowedRegistries: [quay.io]
                blockedRegistries: [docker.io]
            """);
        Assert.Contains("Only one of blockedRegistries or allowedRegistries may be set", Assert.Single(set.Problems).Message, StringComparison.Ordinal);
    }
}
