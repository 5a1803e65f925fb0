using Xunit;

namespace ManifestGuard.Tests.Signatures.Upstream;

/// <summary>
/// containers/image's signature/policy_eval_sigstore_test.go, row by row, over its own fixtures (see
/// TestData/upstream/containers-image/README.md): TestPRrSigstoreSignedIsSignatureAccepted and
/// TestPRSigstoreSignedIsRunningImageAllowed. Upstream asserts accepted or rejected; each rejection here also names
/// the check that refused it (MG602's label), which is the reason class upstream's error type and message give.
/// {F} is the fixtures folder. Rows upstream writes as Go structs that our policy reader refuses as policy.json (two
/// trust roots at once, none, Fulcio without Rekor, PKI with Rekor) expect "invalid policy": the node refuses the
/// whole policy file, so nothing is accepted, as upstream rejects them.
/// </summary>
public static class PolicyEvalSigstoreRows
{
    private const string CosignImage = "dir-img-cosign-valid";
    private const string CosignReference = "192.168.64.2:5000/cosign-signed-single-sample";
    private const string CosignSignature = "dir-img-cosign-valid/signature-1";
    private const string KeyRekorImage = "dir-img-cosign-key-rekor-valid";
    private const string KeyRekorReference = "192.168.64.2:5000/cosign-signed/key-1";
    private const string KeyRekorSignature = "dir-img-cosign-key-rekor-valid/signature-1";
    private const string FulcioImage = "dir-img-cosign-fulcio-rekor-valid";
    private const string FulcioReference = "192.168.64.2:5000/cosign-signed/fulcio-rekor-1";
    private const string FulcioSignature = "dir-img-cosign-fulcio-rekor-valid/signature-1";
    private const string PkiImage = "dir-img-cosign-pki-valid";
    private const string PkiReference = "localhost:5000/test";
    private const string PkiSignature = "dir-img-cosign-pki-valid/signature-1";

    private const string MatchRepository = """, "signedIdentity": {"type": "matchRepository"}""";
    private const string Fulcio =
        """ "fulcio": {"caPath": "{F}fulcio_v1.crt.pem", "oidcIssuer": "https://github.com/login/oauth", "subjectEmail": "mitr@redhat.com"}""";
    private const string Pki =
        """ "pki": {"caRootsPath": "{F}pki_root_crts.pem", "caIntermediatesPath": "{F}pki_intermediate_crts.pem", "subjectEmail": "qiwan@redhat.com", "subjectHostname": "myhost.example.com"}""";

    private static string Sigstore(string fields, string identity = MatchRepository) =>
        $$"""{"type": "sigstoreSigned", {{fields}}{{identity}}}""";

    private static string Key(string file = "cosign.pub") => $$""" "keyPath": "{F}{{file}}" """;

    private static string Paths(string field, params string[] files) =>
        $"\"{field}\": [{string.Join(", ", files.Select(f => $"\"{{F}}{f}\""))}]";

    /// <summary>name, requirement, image folder, reference, signatures, expected verdict.</summary>
    public static TheoryData<string, string, string, string, string, string> IsSignatureAccepted()
    {
        var rows = new TheoryData<string, string, string, string, string, string>
        {
            { "prepareTrustRoot fails (keyPath and keyData)", Sigstore(Key() + """, "keyData": "{KEY64}" """), CosignImage, CosignReference, CosignSignature, "invalid policy" },
            { "signature has no cryptographic signature", Sigstore(Key()), CosignImage, CosignReference, CosignSignature + "|!", "malformed" },
            { "none of public key, Fulcio or PKI", """{"type": "sigstoreSigned", "signedIdentity": {"type": "matchRepository"}}""", CosignImage, CosignReference, CosignSignature, "invalid policy" },
            { "both a public key and Fulcio", Sigstore(Key() + ", " + Fulcio + """, "rekorPublicKeyPath": "{F}rekor.pub" """), CosignImage, CosignReference, CosignSignature, "invalid policy" },
            { "both Fulcio and PKI", Sigstore(Fulcio + ", " + Pki + """, "rekorPublicKeyPath": "{F}rekor.pub" """), CosignImage, CosignReference, CosignSignature, "invalid policy" },
            { "both PKI and a Rekor public key", Sigstore(Pki + """, "rekorPublicKeyPath": "{F}rekor.pub" """), CosignImage, CosignReference, CosignSignature, "invalid policy" },
            { "key+Rekor, missing Rekor SET annotation", Sigstore(Key("cosign2.pub") + """, "rekorPublicKeyPath": "{F}rekor.pub" """), KeyRekorImage, KeyRekorReference, KeyRekorSignature + "|-bundle", "Rekor SET" },
            { "key+Rekor, invalid Rekor SET", Sigstore(Key("cosign2.pub") + """, "rekorPublicKeyPath": "{F}rekor.pub" """), KeyRekorImage, KeyRekorReference, KeyRekorSignature + "|bundle=this is not a valid SET", "Rekor SET" },
            {
                "key+Rekor, a valid Rekor SET for one accepted key, a signature by another accepted key",
                Sigstore(Paths("keyPaths", "cosign.pub", "cosign2.pub") + """, "rekorPublicKeyPath": "{F}rekor.pub" """),
                CosignImage, CosignReference, CosignSignature + "|bundle<" + KeyRekorSignature, "Rekor SET"
            },
            { "Fulcio, missing Rekor SET annotation", Sigstore(Fulcio + """, "rekorPublicKeyPath": "{F}rekor.pub" """), FulcioImage, FulcioReference, FulcioSignature + "|-bundle", "Rekor SET" },
            { "Fulcio, no Rekor requirement", Sigstore(Fulcio), FulcioImage, FulcioReference, FulcioSignature + "|-bundle", "invalid policy" },
            { "Fulcio, missing certificate annotation", Sigstore(Fulcio + """, "rekorPublicKeyPath": "{F}rekor.pub" """), FulcioImage, FulcioReference, FulcioSignature + "|-certificate", "certificate chain" },
            { "Fulcio, missing chain annotation: no path to the trusted CA", Sigstore(Fulcio + """, "rekorPublicKeyPath": "{F}rekor.pub" """), FulcioImage, FulcioReference, FulcioSignature + "|-chain", "certificate chain" },
            {
                "Fulcio, missing chain annotation but the intermediates trusted directly",
                Sigstore(""" "fulcio": {"caData": "{FULCIO-CHAIN64}", "oidcIssuer": "https://github.com/login/oauth", "subjectEmail": "mitr@redhat.com"}, "rekorPublicKeyPath": "{F}rekor.pub" """),
                FulcioImage, FulcioReference, FulcioSignature + "|-chain", "accept"
            },
            { "Fulcio, invalid certificate", Sigstore(Fulcio + """, "rekorPublicKeyPath": "{F}rekor.pub" """), FulcioImage, FulcioReference, FulcioSignature + "|certificate=this is not a valid certificate", "malformed" },
            {
                "Fulcio, a certificate for another email",
                Sigstore(""" "fulcio": {"caPath": "{F}fulcio_v1.crt.pem", "oidcIssuer": "https://github.com/login/oauth", "subjectEmail": "this-does-not-match@example.com"}, "rekorPublicKeyPath": "{F}rekor.pub" """),
                FulcioImage, FulcioReference, FulcioSignature, "certificate subject"
            },
            { "Fulcio, invalid Rekor SET", Sigstore(Fulcio + """, "rekorPublicKeyPath": "{F}rekor.pub" """), FulcioImage, FulcioReference, FulcioSignature + "|bundle=this is not a valid SET", "Rekor SET" },
            { "Fulcio, a Rekor SET by another key", Sigstore(Fulcio + """, "rekorPublicKeyPath": "{F}cosign.pub" """), FulcioImage, FulcioReference, FulcioSignature, "Rekor SET" },
            { "PKI, valid", Sigstore(Pki), PkiImage, PkiReference, PkiSignature, "accept" },
            { "PKI, missing certificate annotation", Sigstore(Pki), PkiImage, PkiReference, PkiSignature + "|-certificate", "certificate chain" },
            { "PKI, missing chain annotation, intermediates trusted by the policy", Sigstore(Pki), PkiImage, PkiReference, PkiSignature + "|-chain", "accept" },
            {
                "PKI, missing chain annotation, no intermediates in the policy",
                Sigstore(""" "pki": {"caRootsPath": "{F}pki_root_crts.pem", "subjectEmail": "qiwan@redhat.com", "subjectHostname": "myhost.example.com"}"""),
                PkiImage, PkiReference, PkiSignature + "|-chain", "certificate chain"
            },
            { "a signature which does not verify", Sigstore(Key()), CosignImage, CosignReference, CosignSignature + "|!|signature=aW52YWxpZCBzaWduYXR1cmU=", "wrong key" },
            { "a valid signature by an unknown key", Sigstore(Key()), CosignImage, CosignReference, "unknown-cosign-key.signature", "wrong key" },
            {
                "a valid signature with a rejected identity",
                Sigstore(Key(), """, "signedIdentity": {"type": "exactReference", "dockerReference": "this/does-not:match"}"""),
                CosignImage, CosignReference, CosignSignature, "identity mismatch"
            },
            // Upstream fails computing the digest of a schema 1 manifest whose JWS signatures are invalid; a registry
            // serves a digest for any manifest, so here the signature is refused for signing another digest.
            { "manifest digest cannot be computed (differs: digest mismatch)", Sigstore(Key()), "dir-img-cosign-manifest-digest-error", CosignReference, "*", "digest mismatch" },
            { "a valid signature with a non-matching manifest", Sigstore(Key()), "dir-img-cosign-modified-manifest", CosignReference, "*", "digest mismatch" },
            { "matchExact, matching tag", Sigstore(Key(), """, "signedIdentity": {"type": "matchExact"}"""), "dir-img-cosign-valid-with-tag", "192.168.64.2:5000/skopeo-signed:tag", "*", "accept" },
            { "matchExact, other tag", Sigstore(Key(), """, "signedIdentity": {"type": "matchExact"}"""), "dir-img-cosign-valid-with-tag", "192.168.64.2:5000/skopeo-signed:othertag", "*", "identity mismatch" },
            { "matchExact, a cosign signature (repository only)", Sigstore(Key(), """, "signedIdentity": {"type": "matchExact"}"""), CosignImage, CosignReference, CosignSignature, "identity mismatch" },
        };
        string[][] keyPathSets = [["cosign2.pub"], ["cosign2.pub", "cosign.pub"], ["cosign.pub", "cosign2.pub"]];
        string[][] rekorPathSets = [["rekor.pub"], ["rekor.pub", "cosign.pub"], ["cosign.pub", "rekor.pub"]];
        foreach (var keys in keyPathSets)
        {
            foreach (var rekor in rekorPathSets)
            {
                rows.Add(
                    $"key+Rekor, keyPaths {string.Join(",", keys)}, rekorPublicKeyPaths {string.Join(",", rekor)}",
                    Sigstore(Paths("keyPaths", keys) + ", " + Paths("rekorPublicKeyPaths", rekor)),
                    KeyRekorImage, KeyRekorReference, KeyRekorSignature, "accept"
                );
            }
            rows.Add(
                $"key+Rekor, keyPaths {string.Join(",", keys)}, a Rekor SET by another key",
                Sigstore(Paths("keyPaths", keys) + """, "rekorPublicKeyPath": "{F}cosign.pub" """),
                KeyRekorImage, KeyRekorReference, KeyRekorSignature, "Rekor SET"
            );
        }
        foreach (var rekor in rekorPathSets)
        {
            rows.Add(
                $"Fulcio, rekorPublicKeyPaths {string.Join(",", rekor)}",
                Sigstore(Fulcio + ", " + Paths("rekorPublicKeyPaths", rekor)),
                FulcioImage, FulcioReference, FulcioSignature, "accept"
            );
        }
        foreach (var (label, fields) in new[]
        {
            ("keyPath", Key()),
            ("keyPaths cosign,cosign2", Paths("keyPaths", "cosign.pub", "cosign2.pub")),
            ("keyPaths cosign2,cosign", Paths("keyPaths", "cosign2.pub", "cosign.pub")),
            ("keyData", """ "keyData": "{KEY64}" """),
            ("keyDatas cosign,cosign2", """ "keyDatas": ["{KEY64}", "{KEY2-64}"]"""),
            ("keyDatas cosign2,cosign", """ "keyDatas": ["{KEY2-64}", "{KEY64}"]"""),
        })
        {
            rows.Add($"successful validation with {label}", Sigstore(fields), CosignImage, CosignReference, CosignSignature, "accept");
        }
        return rows;
    }

    /// <summary>TestPRSigstoreSignedIsRunningImageAllowed: every signature of the image folder.</summary>
    public static TheoryData<string, string, string, string, string, string> IsRunningImageAllowed() =>
        new()
        {
            { "every signature: a single valid signature", Sigstore(Key()), CosignImage, CosignReference, "*", "accept" },
            { "every signature: no signatures", Sigstore(Key()), "dir-img-unsigned", "testing/manifest:latest", "*", "missing" },
            { "every signature: only non-sigstore signatures", Sigstore(Key()), "dir-img-valid", "testing/manifest:latest", "*", "missing" },
            { "every signature: only non-signature sigstore attachments", Sigstore(Key()), "dir-img-cosign-other-attachment", "testing/manifest:latest", "*", "missing" },
            { "every signature: 1 invalid signature (another reference)", Sigstore(Key()), CosignImage, "testing/manifest:notlatest", "*", "identity mismatch" },
            { "every signature: 2 valid signatures", Sigstore(Key()), "dir-img-cosign-valid-2", CosignReference, "*", "accept" },
            { "every signature: one invalid, one valid signature", Sigstore(Key()), "dir-img-cosign-mixed", CosignReference, "*", "accept" },
            { "every signature: 2 invalid signatures", Sigstore(Key()), "dir-img-cosign-valid-2", "this/does-not:match", "*", "identity mismatch" },
            { "every signature: matchExact, matching tag", Sigstore(Key(), """, "signedIdentity": {"type": "matchExact"}"""), "dir-img-cosign-valid-with-tag", "192.168.64.2:5000/skopeo-signed:tag", "*", "accept" },
            { "every signature: matchExact, other tag", Sigstore(Key(), """, "signedIdentity": {"type": "matchExact"}"""), "dir-img-cosign-valid-with-tag", "192.168.64.2:5000/skopeo-signed:othertag", "*", "identity mismatch" },
            { "every signature: matchExact, a cosign signature", Sigstore(Key(), """, "signedIdentity": {"type": "matchExact"}"""), CosignImage, CosignReference, "*", "identity mismatch" },
        };
}
