using Xunit;

namespace ManifestGuard.Tests.Signatures.Upstream;

/// <summary>
/// containers/image's signature/policy_eval_signedby_test.go, row by row, over its own GPG fixtures:
/// TestPRSignedByIsSignatureAuthorAccepted (matchExact, one signature) and TestPRSignedByIsRunningImageAllowed
/// (matchRepoDigestOrExact, every signature of the folder). Columns as in <see cref="PolicyEvalSigstoreRows"/>.
/// </summary>
public static class PolicyEvalSignedByRows
{
    private const string Valid = "dir-img-valid";
    private const string ValidSignature = "dir-img-valid/signature-1";
    private const string Reference = "testing/manifest:latest";
    private const string MatchExact = """, "signedIdentity": {"type": "matchExact"}""";

    private static string SignedBy(string keys, string identity = MatchExact, string keyType = "GPGKeys") =>
        $$"""{"type": "signedBy", "keyType": "{{keyType}}", {{keys}}{{identity}}}""";

    private const string Key = """ "keyPath": "{F}public-key.gpg" """;

    public static TheoryData<string, string, string, string, string, string> IsSignatureAuthorAccepted() =>
        new()
        {
            { "keyPath", SignedBy(Key), Valid, Reference, ValidSignature, "accept" },
            { "keyPaths public-key-1, public-key-1", SignedBy(""" "keyPaths": ["{F}public-key-1.gpg", "{F}public-key-1.gpg"]"""), Valid, Reference, ValidSignature, "accept" },
            { "keyPaths public-key-2, public-key-1", SignedBy(""" "keyPaths": ["{F}public-key-2.gpg", "{F}public-key-1.gpg"]"""), Valid, Reference, ValidSignature, "accept" },
            { "keyData", SignedBy(""" "keyData": "{GPG64}" """), Valid, Reference, ValidSignature, "accept" },
            { "keyType signedByGPGKeys (unimplemented)", SignedBy(Key, keyType: "signedByGPGKeys"), Valid, Reference, ValidSignature, "invalid policy" },
            { "keyType X509Certificates (unimplemented)", SignedBy(Key, keyType: "X509Certificates"), Valid, Reference, ValidSignature, "invalid policy" },
            { "keyType signedByX509CAs (unimplemented)", SignedBy(Key, keyType: "signedByX509CAs"), Valid, Reference, ValidSignature, "invalid policy" },
            { "keyType invalid", SignedBy(Key, keyType: "This is invalid"), Valid, Reference, ValidSignature, "invalid policy" },
            { "keyPath, keyPaths and keyData", SignedBy(Key + """, "keyPaths": ["{F}public-key-1.gpg", "{F}public-key-2.gpg"], "keyData": "{GPG64}" """), Valid, Reference, ValidSignature, "invalid policy" },
            { "keyPath and keyPaths", SignedBy(Key + """, "keyPaths": ["{F}public-key-1.gpg", "{F}public-key-2.gpg"]"""), Valid, Reference, ValidSignature, "invalid policy" },
            { "keyPath and keyData", SignedBy(Key + """, "keyData": "{GPG64}" """), Valid, Reference, ValidSignature, "invalid policy" },
            { "keyPaths and keyData", SignedBy(""" "keyPaths": ["{F}public-key-1.gpg", "{F}public-key-2.gpg"], "keyData": "{GPG64}" """), Valid, Reference, ValidSignature, "invalid policy" },
            { "none of keyPath, keyPaths and keyData", """{"type": "signedBy", "keyType": "GPGKeys", "signedIdentity": {"type": "matchExact"}}""", Valid, Reference, ValidSignature, "invalid policy" },
            { "invalid keyPath", SignedBy(""" "keyPath": "/this/does/not/exist" """), Valid, Reference, ValidSignature, "unusable keys" },
            { "invalid keyPaths", SignedBy(""" "keyPaths": ["/this/does/not/exist"]"""), Valid, Reference, ValidSignature, "unusable keys" },
            { "one of the keyPaths invalid", SignedBy(""" "keyPaths": ["{F}public-key.gpg", "/this/does/not/exist"]"""), Valid, Reference, ValidSignature, "unusable keys" },
            { "a signature which does not GPG verify", SignedBy(Key), Valid, Reference, "literal:invalid signature", "malformed" },
            { "a valid signature by an unknown key", SignedBy(Key), Valid, Reference, "unknown-key.signature", "wrong key" },
            { "a valid signature of an invalid JSON", SignedBy(Key), Valid, Reference, "invalid-blob.signature", "malformed" },
            {
                "a valid signature with a rejected identity",
                SignedBy(Key, """, "signedIdentity": {"type": "exactReference", "dockerReference": "this/does-not:match"}"""),
                Valid, Reference, ValidSignature, "identity mismatch"
            },
            { "manifest digest cannot be computed (differs: digest mismatch)", SignedBy(Key), "dir-img-manifest-digest-error", Reference, "*", "digest mismatch" },
            { "a valid signature with a non-matching manifest", SignedBy(Key), "dir-img-modified-manifest", Reference, "*", "digest mismatch" },
        };

    public static TheoryData<string, string, string, string, string, string> IsRunningImageAllowed() =>
        new()
        {
            { "every signature: a single valid signature", SignedBy(Key, ""), Valid, Reference, "*", "accept" },
            { "every signature: no signatures", SignedBy(Key, ""), "dir-img-unsigned", Reference, "*", "missing" },
            { "every signature: 1 invalid signature", SignedBy(Key, ""), Valid, "testing/manifest:notlatest", "*", "identity mismatch" },
            { "every signature: 2 valid signatures", SignedBy(Key, ""), "dir-img-valid-2", Reference, "*", "accept" },
            { "every signature: one invalid, one valid signature", SignedBy(Key, ""), "dir-img-mixed", Reference, "*", "accept" },
            { "every signature: 2 invalid signatures", SignedBy(Key, ""), "dir-img-valid-2", "testing/manifest:notlatest", "*", "identity mismatch" },
            { "every signature: a valid signature by a subkey", SignedBy(""" "keyPath": "{F}public-key-with-subkey.gpg" """, ""), "dir-img-valid-subkey", Reference, "*", "accept" },
        };
}
