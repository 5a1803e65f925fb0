using Xunit;
using ManifestGuard.Findings;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.ContainersPolicy;

/// <summary>
/// What a node's policy.json says about an image, word for word, and which registries.d entries
/// (containers-registries.d(5)) give a signed scope somewhere to read its signatures from.
/// </summary>
public sealed class NodeContainersPolicyMutationTests
{
    private const string Digest = "sha256:0123456789012345678901234567890123456789012345678901234567890123";

    private const string AcceptAnything = """{"type":"insecureAcceptAnything"}""";

    private const string SignedBy = """{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k"}""";

    private const string OtherRegistries = "docker:\n  example.com:\n    lookaside: https://l\n";

    private static string Scoped(string scope, string requirement, string @default = AcceptAnything) =>
        "{\"default\":[" + @default + "],\"transports\":{\"docker\":{\"" + scope + "\":[" + requirement + "]}}}";

    [Theory]
    [InlineData("""{"default":[{"type":"reject"}]}""", "quay.io/a/b:1",
        "\"quay.io/a/b:1\" is rejected by policies/policy.json \"default\": its requirements include `reject`")]
    [InlineData("""{"default":[{"type":"insecureAcceptAnything"}],"transports":{"docker":{"":[{"type":"reject"}]}}}""", "quay.io/a/b:1",
        "\"quay.io/a/b:1\" is rejected by policies/policy.json transport default \"\": its requirements include `reject`")]
    [InlineData("""{"default":[{"type":"insecureAcceptAnything"}],"transports":{"docker":{"quay.io":[{"type":"reject"}]}}}""", "quay.io/a/b:1",
        "\"quay.io/a/b:1\" is rejected by policies/policy.json scope \"quay.io\": its requirements include `reject`")]
    [InlineData("""{"default":[{"type":"signedBaseLayer","baseLayerIdentity":{"type":"matchRepository"}}]}""", "quay.io/a/b:1",
        "\"quay.io/a/b:1\" is rejected by policies/policy.json \"default\": signedBaseLayer is not implemented by containers/image and rejects every image")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"X509Certificates","keyPath":"/k"}]}""", "quay.io/a/b@" + Digest,
        "\"quay.io/a/b@" + Digest + "\" is rejected by policies/policy.json \"default\": keyType \"X509Certificates\" is not implemented by containers/image: this requirement rejects every image")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPaths":[]}]}""", "quay.io/a/b@" + Digest,
        "\"quay.io/a/b@" + Digest + "\" is rejected by policies/policy.json \"default\": \"keyPaths\" holds no key, so containers/image imports no public key and this requirement rejects every image")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k"}]}""", "quay.io/a/b:1",
        "\"quay.io/a/b:1\" must be signed under policies/policy.json \"default\" (signedBy), and signatures are verified against a manifest digest: pin the image by digest so the verified image is the one that runs")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"/k"},{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k"},{"type":"sigstoreSigned","keyData":""}]}""", "quay.io/a/b:1",
        "\"quay.io/a/b:1\" must be signed under policies/policy.json \"default\" (sigstoreSigned, signedBy), and signatures are verified against a manifest digest: pin the image by digest so the verified image is the one that runs")]
    public void Verdicts_name_the_scope_and_the_reason(string json, string image, string message)
    {
        var set = FromFiles(("policy.json", json));
        Assert.Empty(set.Problems);
        var verdict = Assert.Single(set.Evaluate(Use(image)));
        Assert.Equal(message, verdict.Message);
        Assert.Contains(verdict.Policy, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k"}""",
        "scope \"quay.io/team\" requires signedBy signatures, but no registries.d entry for it sets a `lookaside` (or `sigstore`) location: no signature can be found, so every image in this scope is rejected")]
    [InlineData("""{"type":"sigstoreSigned","keyPath":"/k"}""",
        "scope \"quay.io/team\" requires sigstoreSigned signatures, but no registries.d entry for it sets `use-sigstore-attachments: true`: no signature can be found, so every image in this scope is rejected")]
    public void An_unreadable_signature_store_is_named(string requirement, string message)
    {
        var set = FromFiles(("policy.json", Scoped("quay.io/team", requirement)), ("other.yaml", OtherRegistries));
        var problem = Assert.Single(set.Problems);
        Assert.Equal(("MG304", FindingLevel.Warning), (problem.RuleId, problem.Level));
        Assert.Equal(message, problem.Message);
    }

    // The docker scopes are checked before the global default, so problems come in the file's reading order.
    [Fact]
    public void Scope_problems_come_before_the_default_one()
    {
        var set = FromFiles(("policy.json", Scoped("quay.io", SignedBy, SignedBy)), ("other.yaml", OtherRegistries));
        var scopes = set.Problems.Select(p => p.Message[..p.Message.IndexOf(" requires", StringComparison.Ordinal)]);
        Assert.Equal(["scope \"quay.io\"", "\"default\""], scopes);
    }

    // docker/registries_d.go: the scope, then its parent namespaces (tag or digest dropped), then default-docker;
    // `lookaside` or its older name `sigstore`, a non-empty one, gives signedBy somewhere to read.
    [Theory]
    [InlineData("quay.io/team/app", "docker:\n  quay.io/team/app:\n    lookaside: https://l\n", false)]
    [InlineData("quay.io/team/app", "docker:\n  quay.io/team/app:\n    sigstore: https://l\n", false)]
    [InlineData("quay.io/team/app", "docker:\n  quay.io/team/app:\n    lookaside: \"\"\n", true)]
    // An empty `lookaside` is unset (registries_d.go reads the first non-empty of lookaside and sigstore).
    [InlineData("quay.io/team/app", "docker:\n  quay.io/team/app:\n    lookaside: \"\"\n    sigstore: https://l\n", false)]
    [InlineData("quay.io/team/app", "docker:\n  quay.io/team/app:\n    lookaside: https://l\n    sigstore: \"\"\n", false)]
    [InlineData("quay.io/team/app", "docker:\n  quay.io/team/app:\n    lookaside: \"\"\n    sigstore: \"\"\n", true)]
    [InlineData("quay.io/team/app", "docker:\n  quay.io:\n    lookaside: https://l\n", false)]
    [InlineData("quay.io/team/app", "docker:\n  example.com:\n    lookaside: https://l\n", true)]
    [InlineData("quay.io/team/app:1.0", "docker:\n  quay.io/team/app:\n    lookaside: https://l\n", false)]
    [InlineData("quay.io/team/app@" + Digest, "docker:\n  quay.io/team/app:\n    lookaside: https://l\n", false)]
    [InlineData("*.example.com", "docker:\n  '*.example.com':\n    lookaside: https://l\n", false)]
    [InlineData("quay.io/team/app", "default-docker:\n  lookaside: https://l\n", false)]
    public void Registries_d_lookup_for_a_signedBy_scope(string scope, string registries, bool warned)
    {
        var set = FromFiles(("policy.json", Scoped(scope, SignedBy)), ("registries.yaml", registries));
        Assert.Equal(warned, set.Problems.Any(p => p.Message.Contains("requires signedBy", StringComparison.Ordinal)));
    }

    // The global default applies to every image: only default-docker covers them all; a `docker` namespace ""
    // matches no image in containers/image.
    [Theory]
    [InlineData("default-docker:\n  lookaside: https://l\n", false)]
    [InlineData("docker:\n  \"\":\n    lookaside: https://l\n", true)]
    public void Registries_d_lookup_for_the_global_default(string registries, bool warned)
    {
        var set = FromFiles(("policy.json", "{\"default\":[" + SignedBy + "]}"), ("registries.yaml", registries));
        var warnings = set.Problems.Where(p => p.Message.StartsWith("\"default\" requires", StringComparison.Ordinal));
        Assert.Equal(warned, warnings.Any());
    }
}
