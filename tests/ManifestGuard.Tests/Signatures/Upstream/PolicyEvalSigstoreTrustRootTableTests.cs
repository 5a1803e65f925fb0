using Xunit;

namespace ManifestGuard.Tests.Signatures.Upstream;

/// <summary>
/// containers/image's TestPRSigstoreSignedFulcioPrepareTrustRoot, TestPRSigstoreSignedPKIPrepareTrustRoot and
/// TestPRSigstoreSignedPrepareTrustRoot as policy.json: each configuration upstream loads must load here, each it
/// refuses must be refused, by our policy reader ("invalid policy", where upstream's constructors refuse it too) or
/// when the keys and certificates are loaded ("unusable keys"). Fulcio rows carry a Rekor key, which policy.json
/// requires with Fulcio.
/// </summary>
public sealed class PolicyEvalSigstoreTrustRootTableTests
{
    private const string Rekor = """ "rekorPublicKeyPath": "{F}rekor.pub" """;
    private const string Issuer = """ "oidcIssuer": "https://example.com" """;
    private const string Email = """ "subjectEmail": "test@example.com" """;
    private const string Hostname = """ "subjectHostname": "myhost.example.com" """;
    private const string Roots = """ "caRootsPath": "{F}pki_root_crts.pem" """;
    private const string Intermediates = """ "caIntermediatesPath": "{F}pki_intermediate_crts.pem" """;
    private const string Key = """ "keyPath": "{F}cosign.pub" """;

    private static string Sigstore(string fields) =>
        $$"""{"type": "sigstoreSigned", {{fields}}, "signedIdentity": {"type": "matchRepoDigestOrExact"}""" + "}";

    private static string Fulcio(string fields) => Sigstore($$""" "fulcio": {{{fields}}}, {{Rekor}}""");

    private static string Pki(string fields) => Sigstore($$""" "pki": {{{fields}}}""");

    private static string Join(params string[] fields) => string.Join(", ", fields);

    public static TheoryData<string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string>
        {
            // TestPRSigstoreSignedFulcioPrepareTrustRoot
            { "Fulcio caPath", Fulcio(Join(""" "caPath": "{F}fulcio_v1.crt.pem" """, Issuer, Email)), "loads" },
            { "Fulcio caData", Fulcio(Join(""" "caData": "{FULCIO64}" """, Issuer, Email)), "loads" },
            { "Fulcio neither caPath nor caData", Fulcio(Join(Issuer, Email)), "invalid policy" },
            { "Fulcio both caPath and caData", Fulcio(Join(""" "caPath": "{F}fulcio_v1.crt.pem", "caData": "{FULCIO64}" """, Issuer, Email)), "invalid policy" },
            { "Fulcio invalid caPath", Fulcio(Join(""" "caPath": "{F}image.signature" """, Issuer, Email)), "unusable keys" },
            { "Fulcio unusable caPath", Fulcio(Join(""" "caPath": "{F}this/does/not/exist" """, Issuer, Email)), "unusable keys" },
            { "Fulcio invalid caData", Fulcio(Join(""" "caData": "{INVALID64}" """, Issuer, Email)), "unusable keys" },
            { "Fulcio missing oidcIssuer", Fulcio(Join(""" "caPath": "{F}fulcio_v1.crt.pem" """, Email)), "invalid policy" },
            { "Fulcio missing subjectEmail", Fulcio(Join(""" "caPath": "{F}fulcio_v1.crt.pem" """, Issuer)), "invalid policy" },
            // TestPRSigstoreSignedPKIPrepareTrustRoot
            { "PKI caRootsPath", Pki(Join(Roots, Email, Hostname)), "loads" },
            { "PKI caRootsData", Pki(Join(""" "caRootsData": "{ROOTS64}" """, Email, Hostname)), "loads" },
            { "PKI caIntermediatesPath", Pki(Join(Roots, Intermediates, Email, Hostname)), "loads" },
            { "PKI caIntermediatesData", Pki(Join(Roots, """ "caIntermediatesData": "{INTERMEDIATES64}" """, Email, Hostname)), "loads" },
            { "PKI subjectEmail only", Pki(Join(""" "caRootsData": "{ROOTS64}" """, Email)), "loads" },
            { "PKI subjectHostname only", Pki(Join(""" "caRootsData": "{ROOTS64}" """, Hostname)), "loads" },
            { "PKI neither caRootsPath nor caRootsData", Pki(Join(Email, Hostname)), "invalid policy" },
            { "PKI both caRootsPath and caRootsData", Pki(Join(Roots, """ "caRootsData": "{ROOTS64}" """, Email, Hostname)), "invalid policy" },
            { "PKI both caIntermediatesPath and caIntermediatesData", Pki(Join(Roots, Intermediates, """ "caIntermediatesData": "{INTERMEDIATES64}" """, Email, Hostname)), "invalid policy" },
            { "PKI invalid caRootsPath", Pki(Join(""" "caRootsPath": "{F}image.signature" """, Email)), "unusable keys" },
            { "PKI invalid caIntermediatesPath", Pki(Join(Roots, """ "caIntermediatesPath": "{F}image.signature" """, Email)), "unusable keys" },
            { "PKI unusable caRootsPath", Pki(Join(""" "caRootsPath": "{F}this/does/not/exist" """, Email)), "unusable keys" },
            { "PKI unusable caIntermediatesPath", Pki(Join(Roots, """ "caIntermediatesPath": "{F}this/does/not/exist" """, Email)), "unusable keys" },
            { "PKI invalid caRootsData", Pki(Join(""" "caRootsData": "{INVALID64}" """, Email)), "unusable keys" },
            { "PKI invalid caIntermediatesData", Pki(Join(""" "caRootsData": "{ROOTS64}" """, """ "caIntermediatesData": "{INVALID64}" """, Email)), "unusable keys" },
            { "PKI neither subjectEmail nor subjectHostname", Pki(Join(Roots, Intermediates)), "invalid policy" },
            // TestPRSigstoreSignedPrepareTrustRoot
            { "keyPath", Sigstore(Key), "loads" },
            { "keyPaths", Sigstore(""" "keyPaths": ["{F}cosign.pub", "{F}cosign2.pub"]"""), "loads" },
            { "keyData", Sigstore(""" "keyData": "{KEY64}" """), "loads" },
            { "keyDatas", Sigstore(""" "keyDatas": ["{KEY64}", "{KEY2-64}"]"""), "loads" },
            { "Fulcio with rekorPublicKeyData", Sigstore(""" "fulcio": {"caPath": "{F}fulcio_v1.crt.pem", "oidcIssuer": "https://github.com/login/oauth", "subjectEmail": "mitr@redhat.com"}, "rekorPublicKeyData": "{REKOR64}" """), "loads" },
            { "PKI", Pki(Join(Roots, Intermediates, """ "subjectEmail": "qiwan@redhat.com" """, Hostname)), "loads" },
            { "both keyPath and keyData", Sigstore(Join(Key, """ "keyData": "{KEY64}" """)), "invalid policy" },
            { "invalid keyPath", Sigstore(""" "keyPath": "{F}image.signature" """), "unusable keys" },
            { "unusable keyPath", Sigstore(""" "keyPath": "{F}this/does/not/exist" """), "unusable keys" },
            { "both keyPath and keyPaths", Sigstore(Join(Key, """ "keyPaths": ["{F}cosign.pub", "{F}cosign2.pub"]""")), "invalid policy" },
            { "empty keyPaths", Sigstore(""" "keyPaths": []"""), "invalid policy" },
            { "invalid keyPaths element first", Sigstore(""" "keyPaths": ["{F}image.signature", "{F}cosign2.pub"]"""), "unusable keys" },
            { "invalid keyPaths element last", Sigstore(""" "keyPaths": ["{F}cosign2.pub", "{F}image.signature"]"""), "unusable keys" },
            { "unusable keyPaths element first", Sigstore(""" "keyPaths": ["{F}this/does/not/exist", "{F}cosign2.pub"]"""), "unusable keys" },
            { "unusable keyPaths element last", Sigstore(""" "keyPaths": ["{F}cosign2.pub", "{F}this/does/not/exist"]"""), "unusable keys" },
            { "invalid keyData", Sigstore(""" "keyData": "{INVALID64}" """), "unusable keys" },
            { "both keyData and keyDatas", Sigstore(""" "keyData": "{KEY64}", "keyDatas": ["{KEY64}", "{KEY2-64}"]"""), "invalid policy" },
            { "empty keyDatas", Sigstore(""" "keyDatas": []"""), "invalid policy" },
            { "invalid keyDatas element first", Sigstore(""" "keyDatas": ["{INVALID64}", "{KEY2-64}"]"""), "unusable keys" },
            { "invalid keyDatas element last", Sigstore(""" "keyDatas": ["{KEY64}", "{INVALID64}"]"""), "unusable keys" },
            { "invalid Fulcio configuration", Sigstore(""" "fulcio": {}, "rekorPublicKeyData": "{KEY64}" """), "invalid policy" },
            { "both rekorPublicKeyPath and rekorPublicKeyData", Sigstore(""" "keyData": "{KEY64}", "rekorPublicKeyPath": "{F}rekor.pub", "rekorPublicKeyData": "{REKOR64}" """), "invalid policy" },
            { "invalid rekorPublicKeyPath", Sigstore(""" "keyData": "{KEY64}", "rekorPublicKeyPath": "{F}image.signature" """), "unusable keys" },
            { "both rekorPublicKeyPath and rekorPublicKeyPaths", Sigstore(""" "keyData": "{KEY64}", "rekorPublicKeyPath": "{F}rekor.pub", "rekorPublicKeyPaths": ["{F}rekor.pub", "{F}cosign.pub"]"""), "invalid policy" },
            { "empty rekorPublicKeyPaths", Sigstore(""" "keyData": "{KEY64}", "rekorPublicKeyPaths": []"""), "invalid policy" },
            { "invalid rekorPublicKeyPaths element first", Sigstore(""" "keyData": "{KEY64}", "rekorPublicKeyPaths": ["{F}image.signature", "{F}rekor.pub"]"""), "unusable keys" },
            { "invalid rekorPublicKeyPaths element last", Sigstore(""" "keyData": "{KEY64}", "rekorPublicKeyPaths": ["{F}rekor.pub", "{F}image.signature"]"""), "unusable keys" },
            { "invalid rekorPublicKeyData", Sigstore(""" "keyData": "{KEY64}", "rekorPublicKeyData": "{INVALID64}" """), "unusable keys" },
            { "both rekorPublicKeyData and rekorPublicKeyDatas", Sigstore(""" "keyData": "{KEY64}", "rekorPublicKeyData": "{REKOR64}", "rekorPublicKeyDatas": ["{REKOR64}", "{KEY64}"]"""), "invalid policy" },
            { "empty rekorPublicKeyDatas", Sigstore(""" "keyData": "{KEY64}", "rekorPublicKeyDatas": []"""), "invalid policy" },
            { "invalid rekorPublicKeyDatas element first", Sigstore(""" "keyData": "{KEY64}", "rekorPublicKeyDatas": ["{INVALID64}", "{REKOR64}"]"""), "unusable keys" },
            { "invalid rekorPublicKeyDatas element last", Sigstore(""" "keyData": "{KEY64}", "rekorPublicKeyDatas": ["{REKOR64}", "{INVALID64}"]"""), "unusable keys" },
            { "a Rekor public key that is not ECDSA", Sigstore(""" "keyData": "{KEY64}", "rekorPublicKeyPath": "{F}some-rsa-key.pub" """), "unusable keys" },
            { "invalid PKI configuration", Sigstore(""" "pki": {}"""), "invalid policy" },
        };
        string[] keyFields = [Key, """ "keyPaths": ["{F}cosign.pub", "{F}cosign2.pub"]""", """ "keyData": "{KEY64}" """, """ "keyDatas": ["{KEY64}", "{KEY2-64}"]"""];
        string[] rekorFields =
        [
            Rekor,
            """ "rekorPublicKeyPaths": ["{F}rekor.pub", "{F}cosign.pub"]""",
            """ "rekorPublicKeyData": "{REKOR64}" """,
            """ "rekorPublicKeyDatas": ["{REKOR64}", "{KEY64}"]""",
        ];
        foreach (var key in keyFields)
        {
            foreach (var rekor in rekorFields)
            {
                rows.Add($"public key with Rekor: {key.Trim()} / {rekor.Trim()}", Sigstore(Join(key, rekor)), "loads");
            }
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Loads_where_containers_image_loads(string name, string requirement, string expected)
    {
        var verdict = UpstreamFixtures.TrustRootVerdict(requirement);

        Assert.True(
            expected == "unusable keys" ? verdict.StartsWith(expected, StringComparison.Ordinal) : verdict == expected,
            $"{name}: expected {expected}, got: {verdict}"
        );
    }
}
