using Xunit;
using ManifestGuard.Findings;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.References;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.ContainersPolicy;

public sealed class ContainersPolicyTests
{
    private static string Policy(string scopes, string @default = """[{"type":"insecureAcceptAnything"}]""") =>
        "{\"default\": " + @default + ", \"transports\": {\"docker\": {" + scopes + "}}}";

    // containers-policy.json(5), "Policy Requirements" and signature/policy_config.go: strict parsing.
    [Theory]
    [InlineData("""{"default":[{"type":"reject"}]}""", null)]
    [InlineData("""{"default":[{"type":"reject"}],"extra":1}""", "Unknown key \"extra\"")]
    [InlineData("""{"default":[{"type":"reject"}],"default":[{"type":"reject"}]}""", "Duplicate key \"default\"")]
    [InlineData("""{"transports":{}}""", "Default policy is missing")]
    [InlineData("""{"default":[]}""", "List of verification policy requirements must not be empty")]
    [InlineData("""{"default":[{"type":"acceptAll"}]}""", "Unknown policy requirement type \"acceptAll\"")]
    [InlineData("""{"default":[{"type":"reject","keyPath":"/k"}]}""", "Unknown key \"keyPath\"")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k"}]}""", null)]
    [InlineData("""{"default":[{"type":"signedBy","keyPath":"/k"}]}""", "invalid keyType")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"PGP","keyPath":"/k"}]}""", "Unrecognized keyType value \"PGP\"")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys"}]}""", "none of them present")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","keyData":"AAAA"}]}""", "more than one present")]
    // signedBy takes an empty keyPaths list (policy_config.go counts a non-nil list); it then imports no key.
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPaths":[]}]}""", null)]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":""}]}""", "exactly one of keyPath, keyPaths and keyData must be specified")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"","keyData":"AAAA"}]}""", "more than one present")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPaths":[]}]}""", "\"keyPaths\" contains no entries")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"/k","keyData":""}]}""", "exactly one of keyPath")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"","keyData":""}]}""", null)]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"/k","keyData":null}]}""", null)]
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":{"caRootsPath":"/ca","subjectEmail":5}}]}""", "\"subjectEmail\" must be a string")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":{"caRootsPath":"/ca","subjectHostname":true}}]}""", "\"subjectHostname\" must be a string")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":{"caRootsPath":"/ca","caRootsData":"","subjectEmail":"a@b.c"}}]}""", "caRootsPath and caRootsData cannot be used simultaneously")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","fulcio":{"caData":"","oidcIssuer":"https://i","subjectEmail":"a@b.c"},"rekorPublicKeyData":""}]}""", null)]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyData":"not base64!"}]}""", "not valid base64")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"matchRepository"}}]}""", null)]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"exactReference"}}]}""", "Key \"dockerReference\" missing")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"exactReference","dockerReference":"quay.io/a/b"}}]}""", "contains neither a tag nor digest")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"remapIdentity","prefix":"example.com","signedPrefix":"mirror.example.com/ns"}}]}""", null)]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"remapIdentity","prefix":"example.com","signedPrefix":"example.com/Upper"}}]}""", "prefix \"example.com/Upper\" is not valid")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"/k.pub"}]}""", null)]
    [InlineData("""{"default":[{"type":"sigstoreSigned"}]}""", "exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio, and pki must be specified")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"/k.pub","keyData":"AAAA"}]}""", "exactly one of keyPath")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","fulcio":{"caPath":"/ca","oidcIssuer":"https://issuer","subjectEmail":"a@b.c"}}]}""", "must be specified if fulcio is used")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","fulcio":{"caPath":"/ca","oidcIssuer":"https://issuer","subjectEmail":"a@b.c"},"rekorPublicKeyPath":"/r"}]}""", null)]
    [InlineData("""{"default":[{"type":"sigstoreSigned","fulcio":{"caPath":"/ca","subjectEmail":"a@b.c"},"rekorPublicKeyPath":"/r"}]}""", "oidcIssuer not specified")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":{"caRootsPath":"/ca","subjectHostname":"h.example.com"}}]}""", null)]
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":{"caRootsPath":"/ca"}}]}""", "At least one of subjectEmail, subjectHostname must be specified")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"/k","rekorPublicKeyPath":"/r","rekorPublicKeyData":"AAAA"}]}""", "at most one of rekorPublickeyPath")]
    [InlineData("""{"default":[{"type":"insecureAcceptAnything"}],"transports":{"docker":{"quay.io":[]}}}""", "must not be empty")]
    [InlineData("""{"default":[{"type":"insecureAcceptAnything"}],"transports":{"docker":{"quay.io":{"type":"reject"}}}}""", "expected a list of policy requirements")]
    public void Policy_json_is_read_as_strictly_as_containers_image(string json, string? error)
    {
        var set = FromFiles(("policy.json", json));
        var problem = Assert.Single(set.Problems.Where(p => p.RuleId == "MG304").DefaultIfEmpty());
        if (error is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.Contains(error, problem.Message, StringComparison.Ordinal);
            Assert.Equal("policies/policy.json", problem.File);
        }
    }

    [Fact]
    public void A_duplicate_key_is_reported_at_its_line()
    {
        var set = FromFiles(("policy.json", "{\n  \"default\": [{\"type\": \"reject\"}],\n  \"transports\": {\"docker\": {\n    \"quay.io\": [{\"type\": \"reject\"}],\n    \"quay.io\": [{\"type\": \"reject\"}]}}\n}\n"));
        var problem = Assert.Single(set.Problems);
        Assert.Equal(5, problem.Span.StartLine);
        Assert.Contains("Duplicate key \"quay.io\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_json_is_a_configuration_error()
    {
        var e = Assert.Throws<global::ManifestGuard.Configuration.ConfigurationException>(() => FromFiles(("policy.json", "{\"default\": [{\"type\": \"reject\"},]}")));
        Assert.Equal("policies/policy.json", e.File);
        Assert.Equal(1, e.Line);
    }

    // containers-policy.json(5) "docker" transport: the most specific scope wins; digest/tag, repository,
    // namespaces, host[:port], wildcards (most specific first, port stripped), then "" and default.
    [Theory]
    [InlineData("quay.io/team/app:1.0", "quay.io/team/app:1.0")]
    [InlineData("quay.io/team/app:2.0", "quay.io/team/app")]
    [InlineData("quay.io/team/other:1", "quay.io/team")]
    [InlineData("quay.io/elsewhere/x:1", "quay.io")]
    [InlineData("quay.io:8443/team/app:1", "*.io")]
    [InlineData("sub.registry.example.com/a:1", "*.registry.example.com")]
    [InlineData("deep.sub.registry.example.com/a:1", "*.registry.example.com")]
    [InlineData("registry.example.com/a:1", "*.example.com")]
    [InlineData("nginx", "docker.io/library/nginx:latest")]
    [InlineData("nginx:1.25", "docker.io/library")]
    [InlineData("docker.io/bitnami/redis:7", "*.io")]
    [InlineData("registry.example.org/a:1", "")]
    [InlineData("quay.io/team/app@sha256:0123456789012345678901234567890123456789012345678901234567890123", "quay.io/team/app@sha256:0123456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("quay.io/team/app:1.0@sha256:0123456789012345678901234567890123456789012345678901234567890123", "quay.io/team/app@sha256:0123456789012345678901234567890123456789012345678901234567890123")]
    public void The_most_specific_scope_decides(string image, string expectedScope)
    {
        string[] scopes =
        [
            "quay.io/team/app:1.0", "quay.io/team/app", "quay.io/team", "quay.io", "*.io", "*.example.com", "*.registry.example.com",
            "docker.io/library/nginx:latest", "docker.io/library",
            "quay.io/team/app@sha256:0123456789012345678901234567890123456789012345678901234567890123",
        ];
        var found = DockerScopeLookup.MostSpecific(ImageReference.Parse(image), scopes.Contains) ?? "";
        Assert.Equal(expectedScope, found);
    }

    // Each requirement kind against an unpinned and a pinned image, through the scope precedence.
    [Theory]
    [InlineData("""{"default":[{"type":"reject"}]}""", "quay.io/a/b:1", "MG302")]
    [InlineData("""{"default":[{"type":"insecureAcceptAnything"}]}""", "quay.io/a/b:1", "")]
    [InlineData("""{"default":[{"type":"reject"}],"transports":{"docker":{"quay.io/a":[{"type":"insecureAcceptAnything"}]}}}""", "quay.io/a/b:1", "")]
    [InlineData("""{"default":[{"type":"reject"}],"transports":{"docker":{"quay.io/a":[{"type":"insecureAcceptAnything"}]}}}""", "quay.io/ab:1", "MG302")]
    [InlineData("""{"default":[{"type":"reject"}],"transports":{"docker":{"":[{"type":"insecureAcceptAnything"}]}}}""", "quay.io/x:1", "")]
    [InlineData("""{"default":[{"type":"insecureAcceptAnything"}],"transports":{"docker":{"quay.io":[{"type":"sigstoreSigned","keyPath":"/k"}]}}}""", "quay.io/x:1", "MG301")]
    [InlineData("""{"default":[{"type":"insecureAcceptAnything"}],"transports":{"docker":{"quay.io":[{"type":"sigstoreSigned","keyPath":"/k"}]}}}""", "quay.io/x@sha256:0123456789012345678901234567890123456789012345678901234567890123", "")]
    [InlineData("""{"default":[{"type":"insecureAcceptAnything"}],"transports":{"docker":{"quay.io":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k"},{"type":"reject"}]}}}""", "quay.io/x:1", "MG302")]
    [InlineData("""{"default":[{"type":"insecureAcceptAnything"}],"transports":{"docker":{"quay.io":[{"type":"signedBy","keyType":"X509Certificates","keyPath":"/k"}]}}}""", "quay.io/x@sha256:0123456789012345678901234567890123456789012345678901234567890123", "MG302")]
    // policy_eval_signedby.go: no key imported ("No public keys imported") rejects every image.
    [InlineData("""{"default":[{"type":"insecureAcceptAnything"}],"transports":{"docker":{"quay.io":[{"type":"signedBy","keyType":"GPGKeys","keyPaths":[]}]}}}""", "quay.io/x@sha256:0123456789012345678901234567890123456789012345678901234567890123", "MG302")]
    [InlineData("""{"default":[{"type":"insecureAcceptAnything"}],"transports":{"docker":{"quay.io":[{"type":"signedBy","keyType":"GPGKeys","keyData":""}]}}}""", "quay.io/x@sha256:0123456789012345678901234567890123456789012345678901234567890123", "MG302")]
    [InlineData("""{"default":[{"type":"insecureAcceptAnything"}],"transports":{"docker-daemon":{"":[{"type":"reject"}]}}}""", "quay.io/x:1", "")]
    public void Requirements_decide_the_verdict(string json, string image, string expected)
    {
        var set = FromFiles(("policy.json", json));
        Assert.Equal(expected, RuleIds(set, Use(image)));
    }

    // "Enabling signature verification for Red Hat Container Registries" (OpenShift docs): signedBy for
    // registry.access.redhat.com and registry.redhat.io, anything else accepted.
    [Theory]
    [InlineData("registry.redhat.io/ubi9/ubi:9.4", "MG301")]
    [InlineData("registry.access.redhat.com/ubi8/ubi-minimal:latest", "MG301")]
    [InlineData("registry.redhat.io/ubi9/ubi@sha256:0123456789012345678901234567890123456789012345678901234567890123", "")]
    [InlineData("quay.io/team/app:1", "")]
    [InlineData("registry.redhat.io.evil.example/ubi9/ubi:9.4", "")]
    public void The_red_hat_signedBy_example(string image, string expected)
    {
        var set = FromFiles(("policy.json", File.ReadAllText(TestData("redhat-signed-policy.json"))));
        Assert.Empty(set.Problems);
        Assert.Equal(expected, RuleIds(set, Use(image)));
        if (expected.Length > 0)
        {
            Assert.Contains("scope \"registry.", Assert.Single(set.Evaluate(Use(image))).Policy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_signed_scope_without_a_lookaside_in_registries_d_is_a_warning()
    {
        var set = FromFiles(
            ("policy.json", File.ReadAllText(TestData("redhat-signed-policy.json"))),
            ("registry.redhat.io.yaml", "docker:\n  registry.redhat.io:\n    sigstore: https://registry.redhat.io/containers/sigstore\n"));
        var problem = Assert.Single(set.Problems);
        Assert.Equal("MG304", problem.RuleId);
        Assert.Equal(FindingLevel.Warning, problem.Level);
        Assert.Contains("scope \"registry.access.redhat.com\"", problem.Message, StringComparison.Ordinal);
        Assert.Equal(9, problem.Span.StartLine);
    }

    [Fact]
    public void Sigstore_signatures_need_attachments_enabled()
    {
        var json = Policy("""
            "quay.io/signed": [{"type": "sigstoreSigned", "keyPath": "/k.pub"}],
            "quay.io/attached": [{"type": "sigstoreSigned", "keyPath": "/k.pub"}]
            """);
        var set = FromFiles(("policy.json", json), ("quay.yaml", "docker:\n  quay.io/attached:\n    use-sigstore-attachments: true\n"));
        var problem = Assert.Single(set.Problems);
        Assert.Contains("scope \"quay.io/signed\"", problem.Message, StringComparison.Ordinal);
    }

    // The same MachineConfig as the Red Hat example, with its files as base64 data: URLs, for two roles.
    [Fact]
    public void MachineConfig_files_are_decoded_and_findings_name_the_MachineConfig()
    {
        var worker = File.ReadAllText(TestData("machineconfig-worker-rh-registry-trust.yaml"));
        var set = FromManifests(worker);
        Assert.Empty(set.Problems);
        var verdict = Assert.Single(set.Evaluate(Use("registry.redhat.io/ubi9/ubi:9.4")));
        Assert.Equal("MG301", verdict.RuleId);
        Assert.StartsWith("MachineConfig/51-worker-rh-registry-trust /etc/containers/policy.json (role worker) scope \"registry.redhat.io\"", verdict.Policy, StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_with_the_same_policy_are_evaluated_once_and_different_ones_are_inconsistent()
    {
        var worker = File.ReadAllText(TestData("machineconfig-worker-rh-registry-trust.yaml"));
        var master = File.ReadAllText(TestData("machineconfig-master-rh-registry-trust.yaml"));
        var same = FromManifests(worker + "\n---\n" + master);
        Assert.Empty(same.Problems);
        Assert.Single(same.Evaluate(Use("registry.redhat.io/ubi9/ubi:9.4")));

        var rejectAll = Convert.ToBase64String("""{"default":[{"type":"reject"}]}"""u8.ToArray());
        var otherMaster = $$"""
            apiVersion: machineconfiguration.openshift.io/v1
            kind: MachineConfig
            metadata:
              name: 99-master-policy
              labels:
                machineconfiguration.openshift.io/role: master
            spec:
              config:
                storage:
                  files:
                  - path: /etc/containers/policy.json
                    contents:
                      source: data:;base64,{{rejectAll}}
            """;
        var different = FromManifests(worker + "\n---\n" + otherMaster);
        var problem = Assert.Single(different.Problems);
        Assert.Equal("MG305", problem.RuleId);
        Assert.Equal(17, problem.Span.StartLine);
        Assert.Contains("51-worker-rh-registry-trust", problem.Policy, StringComparison.Ordinal);
        Assert.Equal("MG301,MG302", RuleIds(different, Use("registry.redhat.io/ubi9/ubi:9.4")));
    }

    [Fact]
    public void Percent_encoded_contents_and_butane_inline_files_are_read()
    {
        var manifests = """
            apiVersion: machineconfiguration.openshift.io/v1
            kind: MachineConfig
            metadata:
              name: 99-worker-policy
              labels:
                machineconfiguration.openshift.io/role: worker
            spec:
              config:
                storage:
                  files:
                  - path: /etc/containers/policy.json
                    contents:
                      source: data:,%7B%22default%22%3A%5B%7B%22type%22%3A%22reject%22%7D%5D%7D
            ---
            variant: openshift
            version: 4.16.0
            metadata:
              name: 99-master-policy
              labels:
                machineconfiguration.openshift.io/role: master
            storage:
              files:
              - path: /etc/containers/policy.json
                contents:
                  inline: |
                    {"default": [{"type": "reject"}]}
            """;
        var set = FromManifests(manifests);
        Assert.Empty(set.Problems);
        var verdict = Assert.Single(set.Evaluate(Use("quay.io/a/b:1")));
        Assert.Equal("MG302", verdict.RuleId);
        Assert.Contains("Butane config 99-master-policy", verdict.Policy, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_embedded_policy_points_at_the_MachineConfig_line()
    {
        var bad = Convert.ToBase64String("{\n \"default\": [{\"type\": \"signedBy\", \"keyPath\": \"/k\"}]\n}"u8.ToArray());
        var set = FromManifests($$"""
            apiVersion: machineconfiguration.openshift.io/v1
            kind: MachineConfig
            metadata:
              name: 99-worker-policy
              labels:
                machineconfiguration.openshift.io/role: worker
            spec:
              config:
                storage:
                  files:
                  - path: /etc/containers/policy.json
                    contents:
                      source: data:text/plain;base64,{{bad}}
            """);
        var problem = Assert.Single(set.Problems);
        Assert.Equal("MG304", problem.RuleId);
        Assert.Equal(13, problem.Span.StartLine);
        Assert.Contains("policy.json line 2: invalid keyType", problem.Message, StringComparison.Ordinal);
    }
}
