using System.Text;
using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Signatures;

/// <summary>
/// `check --online` under the cluster's own policy objects: ClusterImagePolicy and ImagePolicy (verified under the
/// policy.json and registries.d the Machine Config Operator writes for them), policy.json embedded in MachineConfig
/// and Butane configs, and OKE. Each verdict is held to two oracles: ManifestGuard on the policy.json the operator
/// writes for the object, written out here by hand, and skopeo on its GPG counterpart (same images, same identity
/// rules, signedBy with the matching GPG key), since Debian's skopeo cannot judge sigstore signatures itself.
/// In the data, {R} is the registry.
/// </summary>
[Trait(Requires.Trait, Requires.Registry)]
[Trait(Requires.Trait, Requires.Gpg)]
[Collection(SignatureGroup.Name)]
public sealed class ClusterPolicyVerificationTests(SigningFixture fixture)
{
    public static TheoryData<string, string, string?, string?, bool, string?> MatchPolicies =>
        new()
        {
            // name, image, CIP signedIdentity (YAML), policy.json signedIdentity (JSON), admitted, MG602 reason
            { "signed, default identity", "team/signed@", null, null, true, null },
            { "signed by another key", "team/by-b@", null, null, false, "wrong key" },
            { "unsigned", "team/unsigned@", null, null, false, null },
            { "signed for another repository, default identity", "team/moved@", null, null, false, "identity mismatch" },
            {
                "signed for another repository, MatchRepoDigestOrExact",
                "team/moved@",
                "matchPolicy: MatchRepoDigestOrExact",
                """{"type": "matchRepoDigestOrExact"}""",
                false,
                "identity mismatch"
            },
            {
                "signed, MatchRepoDigestOrExact",
                "team/signed@",
                "matchPolicy: MatchRepoDigestOrExact",
                """{"type": "matchRepoDigestOrExact"}""",
                true,
                null
            },
            {
                "signed, MatchRepository",
                "team/signed@",
                "matchPolicy: MatchRepository",
                """{"type": "matchRepository"}""",
                true,
                null
            },
            {
                "signed for another repository, MatchRepository",
                "team/moved@",
                "matchPolicy: MatchRepository",
                """{"type": "matchRepository"}""",
                false,
                "identity mismatch"
            },
            {
                "signed for another repository, ExactRepository of it",
                "team/moved@",
                "matchPolicy: ExactRepository\n      exactRepository:\n        repository: {R}/other/app",
                """{"type": "exactRepository", "dockerRepository": "{R}/other/app"}""",
                true,
                null
            },
            {
                "signed in its own repository, ExactRepository of another",
                "team/signed@",
                "matchPolicy: ExactRepository\n      exactRepository:\n        repository: {R}/other/app",
                """{"type": "exactRepository", "dockerRepository": "{R}/other/app"}""",
                false,
                "identity mismatch"
            },
            {
                "signed for another repository, RemapIdentity onto it",
                "team/moved@",
                "matchPolicy: RemapIdentity\n      remapIdentity:\n        prefix: {R}/team/moved\n"
                    + "        signedPrefix: {R}/other/app",
                """{"type": "remapIdentity", "prefix": "{R}/team/moved", "signedPrefix": "{R}/other/app"}""",
                true,
                null
            },
            {
                "signed for another repository, RemapIdentity elsewhere",
                "team/moved@",
                "matchPolicy: RemapIdentity\n      remapIdentity:\n        prefix: {R}/team/moved\n"
                    + "        signedPrefix: {R}/other/else",
                """{"type": "remapIdentity", "prefix": "{R}/team/moved", "signedPrefix": "{R}/other/else"}""",
                false,
                "identity mismatch"
            },
            { "multi-arch image with every platform signed", "team/multi@", null, null, true, null },
            { "multi-arch image unsigned", "team/multi-unsigned@", null, null, false, null },
        };

    [Theory]
    [MemberData(nameof(MatchPolicies))]
    public async Task A_ClusterImagePolicy_with_a_public_key_verifies_as_the_policy_json_the_operator_writes(
        string name,
        string image,
        string? cipIdentity,
        string? jsonIdentity,
        bool admitted,
        string? reason
    )
    {
        var reference = await ReferenceAsync(image);
        // skopeo's verdict runs while ManifestGuard checks both renderings of the policy.
        var skopeoVerdict = SkopeoOnGpgCounterpartAsync(reference, jsonIdentity);

        using var cluster = new TempDirectory();
        cluster.Write(".manifestguard.yaml", "policyFiles: []\n");
        cluster.Write("cluster/policy.yaml", ClusterImagePolicy("team", $"{fixture.Registry}/team", KeyA64, cipIdentity));
        cluster.Write("app/pod.yaml", TestScan.Pod(reference));
        var underCip = Refusals(await SkopeoDifferentialTests.CheckOnlineAsync(cluster.Path));

        // What the operator writes: a sigstoreSigned requirement with keyData on the scope, attachments on for it.
        using var node = new TempDirectory();
        var requirement = $$"""{"type": "sigstoreSigned", "keyData": "{{KeyA64}}", "signedIdentity": {{Expand(
            jsonIdentity ?? """{"type": "matchRepoDigestOrExact"}"""
        )}}}""";
        node.Write("node/policy.json", PolicyJson($$"""{"{{fixture.Registry}}/team": [{{requirement}}]}"""));
        node.Write(
            "node/registries.d/sigstore-registries.yaml",
            $"docker:\n  {fixture.Registry}/team:\n    use-sigstore-attachments: true\n"
        );
        node.Write(".manifestguard.yaml", "policyFiles: [node/policy.json, node/registries.d]\n");
        node.Write("app/pod.yaml", TestScan.Pod(reference));
        var underPolicyJson = Refusals(await SkopeoDifferentialTests.CheckOnlineAsync(node.Path));

        var (skopeo, output) = await skopeoVerdict;

        Assert.True(admitted == skopeo, $"{name}: skopeo {(skopeo ? "admitted" : "refused")} the GPG case: {output}");
        Assert.True(
            skopeo == (underCip.Count == 0),
            $"{name}: skopeo {(skopeo ? "admitted" : "refused")}, under the ClusterImagePolicy ManifestGuard said: "
                + Describe(underCip)
        );
        Assert.Equal(underPolicyJson.Select(f => f.RuleId), underCip.Select(f => f.RuleId));
        if (reason is not null)
        {
            var invalid = Assert.Single(underCip);
            Assert.Equal(RuleIds.SignatureInvalid, invalid.RuleId);
            Assert.Contains(reason, invalid.Message, StringComparison.Ordinal);
            Assert.Contains("ClusterImagePolicy/team scope", invalid.Message, StringComparison.Ordinal);
        }
        else if (!admitted)
        {
            Assert.Equal(RuleIds.SignatureMissing, Assert.Single(underCip).RuleId);
        }
    }

    [Theory]
    [InlineData("payments", false)]
    [InlineData("web", true)]
    [InlineData(null, true)]
    public async Task An_ImagePolicy_applies_only_to_workloads_of_its_namespace(string? ns, bool admitted)
    {
        var reference = await ReferenceAsync("team/unsigned@");
        using var dir = new TempDirectory();
        dir.Write(".manifestguard.yaml", "policyFiles: []\n");
        dir.Write(
            "cluster/payments-policy.yaml",
            ImagePolicy("payments", "team", $"{fixture.Registry}/team", KeyA64)
        );
        dir.Write("app/pod.yaml", PodIn(ns, reference));

        var refusals = Refusals(await SkopeoDifferentialTests.CheckOnlineAsync(dir.Path));

        // CRI-O pulls a pod of a namespace without an ImagePolicy under the cluster file: default accept.
        var (skopeo, output) = ns == "payments"
            ? await SkopeoOnGpgCounterpartAsync(reference, null)
            : await fixture.SkopeoVerdictAsync(PolicyJson("{}"), reference);
        Assert.Equal(admitted, skopeo);
        Assert.True(skopeo == (refusals.Count == 0), $"skopeo: {output}; ManifestGuard: {Describe(refusals)}");
        if (!admitted)
        {
            var missing = Assert.Single(refusals);
            Assert.Equal(RuleIds.SignatureMissing, missing.RuleId);
            Assert.Contains("ImagePolicy/payments/team scope", missing.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The operator drops an ImagePolicy scope equal to (or nested in) a ClusterImagePolicy scope: in that namespace
    /// only the cluster's key counts. Were the ImagePolicy applied, key B would be required as well.
    /// </summary>
    [Theory]
    [InlineData("team/signed@", true, null)]
    [InlineData("team/by-b@", false, "wrong key")]
    public async Task On_the_same_scope_the_ClusterImagePolicy_wins_over_an_ImagePolicy(
        string image,
        bool admitted,
        string? reason
    )
    {
        var reference = await ReferenceAsync(image);
        var keyB64 = Convert.ToBase64String(File.ReadAllBytes(fixture.SigstoreKeyB));
        using var dir = new TempDirectory();
        dir.Write(".manifestguard.yaml", "policyFiles: []\n");
        dir.Write("cluster/cluster-policy.yaml", ClusterImagePolicy("team", $"{fixture.Registry}/team", KeyA64, null));
        dir.Write("cluster/payments-policy.yaml", ImagePolicy("payments", "team-b", $"{fixture.Registry}/team", keyB64));
        dir.Write("app/pod.yaml", PodIn("payments", reference));

        var refusals = Refusals(await SkopeoDifferentialTests.CheckOnlineAsync(dir.Path));

        var (skopeo, output) = await SkopeoOnGpgCounterpartAsync(reference, null);
        Assert.Equal(admitted, skopeo);
        Assert.True(skopeo == (refusals.Count == 0), $"skopeo: {output}; ManifestGuard: {Describe(refusals)}");
        if (reason is not null)
        {
            var invalid = Assert.Single(refusals);
            Assert.Contains(reason, invalid.Message, StringComparison.Ordinal);
            Assert.Contains("ClusterImagePolicy/team scope", invalid.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("ImagePolicy/payments", invalid.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>A pre-commit run names only the staged pod; the policy object elsewhere in the repository applies.</summary>
    [Fact]
    public async Task A_ClusterImagePolicy_elsewhere_in_the_repository_applies_to_a_check_of_one_file()
    {
        var reference = await ReferenceAsync("team/by-b@");
        using var dir = new TempDirectory();
        dir.Write(".manifestguard.yaml", "policyFiles: []\n");
        dir.Write("cluster/policy.yaml", ClusterImagePolicy("team", $"{fixture.Registry}/team", KeyA64, null));
        dir.Write("app/pod.yaml", TestScan.Pod(reference));

        var refusals = Refusals(await SkopeoDifferentialTests.CheckOnlineAsync(Path.Combine(dir.Path, "app/pod.yaml")));

        Assert.Equal(RuleIds.SignatureInvalid, Assert.Single(refusals).RuleId);
    }

    public static TheoryData<string, bool> MachineConfigCases =>
        new()
        {
            { "team/signed@", true },
            { "team/by-b@", false },
            { "team/unsigned@", false },
            { "team/moved@", false },
            { "team/multi@", true },
        };

    /// <summary>
    /// A MachineConfig writing policy.json, its key and registries.d as data: URLs: verified as the node reads them,
    /// with GPG signatures, so skopeo judges the very same files.
    /// </summary>
    [Theory]
    [MemberData(nameof(MachineConfigCases))]
    public async Task A_policy_json_embedded_in_a_MachineConfig_verifies_as_skopeo_does(string image, bool admitted)
    {
        var reference = await ReferenceAsync(image);
        var policy = PolicyJson(
            $$"""{"{{fixture.Registry}}/team": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/etc/pki/containers/a.asc"}]}"""
        );
        using var dir = new TempDirectory();
        dir.Write(".manifestguard.yaml", "policyFiles: []\n");
        dir.Write(
            "cluster/99-worker-policy.yaml",
            MachineConfig(
                ("/etc/containers/policy.json", policy),
                ("/etc/pki/containers/a.asc", File.ReadAllText(fixture.KeyA)),
                ("/etc/containers/registries.d/lookaside.yaml", File.ReadAllText(fixture.RegistriesFile))
            )
        );
        dir.Write("app/pod.yaml", TestScan.Pod(reference));

        var refusals = Refusals(await SkopeoDifferentialTests.CheckOnlineAsync(dir.Path));

        var skopeoPolicy = policy.Replace("/etc/pki/containers/a.asc", fixture.KeyA, StringComparison.Ordinal);
        var (skopeo, output) = await fixture.SkopeoVerdictAsync(skopeoPolicy, reference);
        Assert.Equal(admitted, skopeo);
        Assert.True(skopeo == (refusals.Count == 0), $"skopeo: {output}; ManifestGuard: {Describe(refusals)}");
        Assert.All(refusals, f => Assert.Contains("MachineConfig/99-worker-policy", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Butane_config_with_inline_files_verifies_and_a_key_no_config_writes_is_not_verified()
    {
        var reference = await ReferenceAsync("team/signed@");
        var policy = PolicyJson(
            $$"""{"{{fixture.Registry}}/team": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/etc/pki/containers/KEY"}]}"""
        );
        string Butane(string keyPath) =>
            "variant: openshift\nversion: 4.14.0\nmetadata:\n  name: 99-worker-policy\n  labels:\n"
            + "    machineconfiguration.openshift.io/role: worker\nstorage:\n  files:\n"
            + Inline("/etc/containers/policy.json", policy.Replace("KEY", keyPath, StringComparison.Ordinal))
            + Inline("/etc/pki/containers/a.asc", File.ReadAllText(fixture.KeyA))
            + Inline("/etc/containers/registries.d/lookaside.yaml", File.ReadAllText(fixture.RegistriesFile));

        using var written = new TempDirectory();
        written.Write(".manifestguard.yaml", "policyFiles: []\n");
        written.Write("cluster/worker-policy.yaml", Butane("a.asc"));
        written.Write("app/pod.yaml", TestScan.Pod(reference));
        Assert.Empty(Refusals(await SkopeoDifferentialTests.CheckOnlineAsync(written.Path)));

        using var elsewhere = new TempDirectory();
        elsewhere.Write(".manifestguard.yaml", "policyFiles: []\n");
        elsewhere.Write("cluster/worker-policy.yaml", Butane("missing.asc"));
        elsewhere.Write("app/pod.yaml", TestScan.Pod(reference));
        var invalid = Assert.Single(Refusals(await SkopeoDifferentialTests.CheckOnlineAsync(elsewhere.Path)));
        Assert.Equal(RuleIds.SignatureInvalid, invalid.RuleId);
        Assert.Contains(
            "/etc/pki/containers/missing.asc is a file on the node that no MachineConfig in the repository writes",
            invalid.Message,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task OKE_image_verification_reports_a_signed_image_as_not_verified()
    {
        var reference = await ReferenceAsync("team/signed@");
        using var dir = new TempDirectory();
        dir.Write(
            ".manifestguard.yaml",
            $"oke:\n  enabled: true\n  keyIds: [ocid1.key.oc1.iad.example]\n  registries: [\"{fixture.Registry}\"]\n"
        );
        dir.Write("app/pod.yaml", TestScan.Pod(reference));

        var finding = Assert.Single(Refusals(await SkopeoDifferentialTests.CheckOnlineAsync(dir.Path)));

        Assert.Equal(RuleIds.SignatureMissing, finding.RuleId);
        Assert.Contains("is not verified", finding.Message, StringComparison.Ordinal);
        Assert.Contains("OCI Vault", finding.Message, StringComparison.Ordinal);
    }

    private string KeyA64 => Convert.ToBase64String(File.ReadAllBytes(fixture.SigstoreKeyA));

    private static List<Finding> Refusals(IReadOnlyList<Finding> findings) => SkopeoDifferentialTests.Refusals(findings);

    private static string Describe(IEnumerable<Finding> findings) =>
        string.Join(" | ", findings.Select(f => f.RuleId + " " + f.Message));

    /// <summary>skopeo under the GPG counterpart: signedBy key A on the scope, with the same signedIdentity.</summary>
    private Task<(bool Admitted, string Output)> SkopeoOnGpgCounterpartAsync(string reference, string? jsonIdentity)
    {
        var identity = jsonIdentity is null ? "" : $", \"signedIdentity\": {Expand(jsonIdentity)}";
        var scopes =
            $$"""{"{{fixture.Registry}}/team": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "{{fixture.KeyA}}"{{identity}}}]}""";
        return fixture.SkopeoVerdictAsync(PolicyJson(scopes), reference);
    }

    private static string PolicyJson(string dockerScopes) =>
        """{"default": [{"type": "insecureAcceptAnything"}], "transports": {"docker": """ + dockerScopes + "}}";

    private string Expand(string text) => text.Replace("{R}", fixture.Registry, StringComparison.Ordinal);

    private string ClusterImagePolicy(string name, string scope, string keyData, string? identity) =>
        SigstorePolicy("ClusterImagePolicy", $"  name: {name}\n", scope, keyData, identity);

    private string ImagePolicy(string ns, string name, string scope, string keyData) =>
        SigstorePolicy("ImagePolicy", $"  name: {name}\n  namespace: {ns}\n", scope, keyData, null);

    private string SigstorePolicy(string kind, string metadata, string scope, string keyData, string? identity) =>
        $"apiVersion: config.openshift.io/v1\nkind: {kind}\nmetadata:\n{metadata}spec:\n  scopes:\n    - {scope}\n"
        + "  policy:\n    rootOfTrust:\n      policyType: PublicKey\n      publicKey:\n"
        + $"        keyData: {keyData}\n"
        + (identity is null ? "" : $"    signedIdentity:\n      {Expand(identity)}\n");

    private static string PodIn(string? ns, string image) =>
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
        + (ns is null ? "" : $"  namespace: {ns}\n")
        + $"spec:\n  containers:\n    - name: app\n      image: {image}\n";

    private static string MachineConfig(params (string Path, string Text)[] files) =>
        "apiVersion: machineconfiguration.openshift.io/v1\nkind: MachineConfig\nmetadata:\n  name: 99-worker-policy\n"
        + "  labels:\n    machineconfiguration.openshift.io/role: worker\nspec:\n  config:\n    ignition:\n"
        + "      version: 3.2.0\n    storage:\n      files:\n"
        + string.Concat(
            files.Select(f =>
                $"        - path: {f.Path}\n          mode: 420\n          contents:\n"
                + $"            source: data:text/plain;charset=utf-8;base64,{Convert.ToBase64String(Encoding.UTF8.GetBytes(f.Text))}\n"
            )
        );

    private static string Inline(string path, string text) =>
        $"    - path: {path}\n      contents:\n        inline: |\n"
        + string.Concat(text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n')
            .Select(line => $"          {line}\n"));

    private Task<string> ReferenceAsync(string image) => fixture.ReferenceAsync(image);
}
