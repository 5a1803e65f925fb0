using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ManifestGuard.Policies;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.Signatures;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Signatures;

/// <summary>
/// The files the Machine Config Operator writes for ClusterImagePolicy and ImagePolicy objects
/// (container-runtime-config controller: policyItemFromSpec, updatePolicyJSON, updateNamespacedPolicyJSONs,
/// generateSigstoreRegistriesdConfig), and that containers/image's strict policy.json reader accepts them.
/// </summary>
public sealed class OpenShiftNodeFilesTests
{
    private static readonly string PublicKey = NewPublicKey();

    private static readonly string Certificate = NewCertificate();

    [Fact]
    public void Each_root_of_trust_maps_onto_its_sigstoreSigned_fields()
    {
        var files = Render(
            Cluster("keys", "quay.io/keys", PublicKeyRoot(rekor: true)),
            Cluster(
                "fulcio",
                "quay.io/fulcio",
                "      policyType: FulcioCAWithRekor\n      fulcioCAWithRekor:\n"
                    + $"        fulcioCAData: {Certificate}\n        rekorKeyData: {PublicKey}\n"
                    + "        fulcioSubject:\n          oidcIssuer: https://oidc.example.com\n"
                    + "          signedEmail: release@example.com\n"
            ),
            Cluster(
                "pki",
                "quay.io/pki",
                $"      policyType: PKI\n      pki:\n        caRootsData: {Certificate}\n"
                    + "        pkiCertificateSubject:\n          hostname: build.example.com\n"
            )
        );

        var docker = Docker(files.ClusterPolicy.Json);
        var key = Single(docker, "quay.io/keys");
        Assert.Equal(PublicKey, key.GetProperty("keyData").GetString());
        Assert.Equal(PublicKey, key.GetProperty("rekorPublicKeyData").GetString());
        var fulcio = Single(docker, "quay.io/fulcio");
        Assert.Equal(Certificate, fulcio.GetProperty("fulcio").GetProperty("caData").GetString());
        Assert.Equal("https://oidc.example.com", fulcio.GetProperty("fulcio").GetProperty("oidcIssuer").GetString());
        Assert.Equal("release@example.com", fulcio.GetProperty("fulcio").GetProperty("subjectEmail").GetString());
        Assert.Equal(PublicKey, fulcio.GetProperty("rekorPublicKeyData").GetString());
        var pki = Single(docker, "quay.io/pki").GetProperty("pki");
        Assert.Equal(Certificate, pki.GetProperty("caRootsData").GetString());
        Assert.Equal("build.example.com", pki.GetProperty("subjectHostname").GetString());
        Assert.False(pki.TryGetProperty("subjectEmail", out _));
        AcceptedByContainersImage(files.ClusterPolicy.Json);
    }

    [Theory]
    [InlineData(null, """{"type":"matchRepoDigestOrExact"}""")]
    [InlineData("matchPolicy: MatchRepoDigestOrExact", """{"type":"matchRepoDigestOrExact"}""")]
    [InlineData("matchPolicy: MatchRepository", """{"type":"matchRepository"}""")]
    [InlineData(
        "matchPolicy: ExactRepository\n      exactRepository:\n        repository: quay.io/other/app",
        """{"type":"exactRepository","dockerRepository":"quay.io/other/app"}"""
    )]
    [InlineData(
        "matchPolicy: RemapIdentity\n      remapIdentity:\n        prefix: mirror.example.com/team\n"
            + "        signedPrefix: quay.io/team",
        """{"type":"remapIdentity","prefix":"mirror.example.com/team","signedPrefix":"quay.io/team"}"""
    )]
    public void Match_policies_map_onto_signedIdentity(string? matchPolicy, string signedIdentity)
    {
        var policy = Cluster("team", "quay.io/team", PublicKeyRoot(rekor: false))
            + (matchPolicy is null ? "" : $"    signedIdentity:\n      {matchPolicy}\n");

        var files = Render(policy);

        var requirement = Single(Docker(files.ClusterPolicy.Json), "quay.io/team");
        Assert.Equal(signedIdentity, requirement.GetProperty("signedIdentity").GetRawText().Replace(" ", "")
            .Replace("\n", "").Replace("\r", ""));
        AcceptedByContainersImage(files.ClusterPolicy.Json);
    }

    [Fact]
    public void ImagePolicy_scopes_go_to_their_namespace_file_and_those_inside_a_cluster_scope_are_dropped()
    {
        var files = Render(
            Cluster("team", "quay.io/team", PublicKeyRoot(rekor: false)),
            Cluster("team-too", "quay.io/team", PublicKeyRoot(rekor: false)),
            Namespaced("payments", "own", "quay.io/payments", PublicKeyRoot(rekor: false)),
            Namespaced("payments", "nested", "quay.io/team/app", PublicKeyRoot(rekor: false)),
            Namespaced("web", "equal", "quay.io/team", PublicKeyRoot(rekor: false))
        );

        var cluster = Docker(files.ClusterPolicy.Json);
        Assert.Equal(2, cluster.GetProperty("quay.io/team").GetArrayLength());
        Assert.False(cluster.TryGetProperty("quay.io/payments", out _));
        Assert.Equal(new[] { "payments" }, files.NamespacePolicies.Keys);
        var payments = files.NamespacePolicies["payments"];
        Assert.Equal("/etc/crio/policies/payments.json", payments.Path);
        var namespaced = Docker(payments.Json);
        Assert.Equal(2, namespaced.GetProperty("quay.io/team").GetArrayLength());
        Assert.Equal(1, namespaced.GetProperty("quay.io/payments").GetArrayLength());
        Assert.False(namespaced.TryGetProperty("quay.io/team/app", out _));
        Assert.Equal(new[] { "ClusterImagePolicy/team", "ClusterImagePolicy/team-too" }, payments.Owners["quay.io/team"]);
        Assert.Equal(new[] { "ImagePolicy/payments/own" }, payments.Owners["quay.io/payments"]);
        Assert.Contains("\"quay.io/payments\":\n    use-sigstore-attachments: true", files.Registries,
            StringComparison.Ordinal);
        Assert.DoesNotContain("quay.io/team/app", files.Registries, StringComparison.Ordinal);
        AcceptedByContainersImage(payments.Json);
    }

    [Fact]
    public void Registry_sources_set_the_default_and_an_allowed_registry_that_is_a_scope_accepts_nothing_unsigned()
    {
        var files = Render(
            "apiVersion: config.openshift.io/v1\nkind: Image\nmetadata:\n  name: cluster\nspec:\n"
                + "  registrySources:\n    allowedRegistries:\n      - quay.io/team\n      - registry.example.com\n",
            Cluster("team", "quay.io/team", PublicKeyRoot(rekor: false))
        );

        using var json = JsonDocument.Parse(files.ClusterPolicy.Json);
        Assert.Equal("reject", json.RootElement.GetProperty("default")[0].GetProperty("type").GetString());
        var docker = json.RootElement.GetProperty("transports").GetProperty("docker");
        Assert.Equal("insecureAcceptAnything", Single(docker, "registry.example.com").GetProperty("type").GetString());
        Assert.Equal("sigstoreSigned", Single(docker, "quay.io/team").GetProperty("type").GetString());
    }

    [Fact]
    public void An_invalid_object_renders_nothing()
    {
        Assert.Null(Render(Cluster("broken", "nodots/team", PublicKeyRoot(rekor: false))));
    }

    private static OpenShiftNodeFiles Render(params string[] objects) =>
        OpenShiftNodeFiles.Render(
            objects
                .Select(text => new PolicyDocument(
                    "cluster.yaml",
                    Assert.IsType<YamlMapping>(Assert.Single(YamlDocumentParser.Parse(text).Documents))
                ))
                .ToList()
        )!;

    /// <summary>containers/image's strict reader (ours, checked against its tables) takes the file as it is.</summary>
    internal static void AcceptedByContainersImage(string json)
    {
        var problems = new List<PolicyProblem>();
        var result = ContainersPolicyParser.Parse(json, new PolicyOrigin("node", "node", null), problems);
        Assert.Null(result.SyntaxError);
        Assert.Empty(problems.Select(p => p.Message));
        Assert.NotNull(result.Policy);
    }

    private static JsonElement Docker(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("transports").GetProperty("docker");

    private static JsonElement Single(JsonElement docker, string scope) =>
        Assert.Single(docker.GetProperty(scope).EnumerateArray());

    private static string PublicKeyRoot(bool rekor) =>
        $"      policyType: PublicKey\n      publicKey:\n        keyData: {PublicKey}\n"
        + (rekor ? $"        rekorKeyData: {PublicKey}\n" : "");

    private static string Cluster(string name, string scope, string rootOfTrust) =>
        $"apiVersion: config.openshift.io/v1\nkind: ClusterImagePolicy\nmetadata:\n  name: {name}\nspec:\n"
        + $"  scopes:\n    - {scope}\n  policy:\n    rootOfTrust:\n{rootOfTrust}";

    private static string Namespaced(string ns, string name, string scope, string rootOfTrust) =>
        $"apiVersion: config.openshift.io/v1\nkind: ImagePolicy\nmetadata:\n  name: {name}\n  namespace: {ns}\n"
        + $"spec:\n  scopes:\n    - {scope}\n  policy:\n    rootOfTrust:\n{rootOfTrust}";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string NewPublicKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Base64(key.ExportSubjectPublicKeyInfoPem() + "\n");
    }

    private static string NewCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Base64(certificate.ExportCertificatePem() + "\n");
    }
}
