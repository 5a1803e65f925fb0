using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.Signatures.Identity;
using ManifestGuard.Signatures.Sigstore;
using ManifestGuard.Yaml;

namespace ManifestGuard.Signatures;

/// <summary>
/// A signature-verifying requirement of policy.json, with what verification needs: its keys and signedIdentity.
/// </summary>
/// <param name="Policy">How findings name it: the policy file and scope.</param>
/// <param name="Fulcio">sigstoreSigned `fulcio`: certificates issued by a Fulcio CA, with a Rekor SET.</param>
/// <param name="Pki">sigstoreSigned `pki`: certificates issued under the user's own root and intermediate CAs.</param>
/// <param name="RekorKeys">rekorPublicKeyPath(s)/Data(s): the Rekor keys a signature's SET must verify with
/// (required with Fulcio, optional with public keys).</param>
internal sealed record SignatureRequirement(
    ContainersRequirementType Type,
    IReadOnlyList<KeySource> Keys,
    SignedIdentity Identity,
    string Policy,
    FulcioRoot? Fulcio = null,
    PkiRoot? Pki = null,
    IReadOnlyList<KeySource>? RekorKeys = null
)
{
    public string TypeName => Type == ContainersRequirementType.SignedBy ? "signedBy" : "sigstoreSigned";

    /// <summary>Reads keys and signedIdentity of a requirement the policy.json reader already accepted.</summary>
    /// <param name="baseDirectory">Relative key paths are read from the policy file's folder.</param>
    public static SignatureRequirement From(ContainersRequirement requirement, string baseDirectory, string policy)
    {
        var node = requirement.Node;
        var keys = new List<KeySource>();
        var rekorKeys = new List<KeySource>();
        if (node is not null)
        {
            AddKeys(node, "keyPath", baseDirectory, keys);
            AddKeys(node, "keyPaths", baseDirectory, keys);
            AddKeys(node, "keyData", baseDirectory, keys);
            AddKeys(node, "keyDatas", baseDirectory, keys);
            AddKeys(node, "rekorPublicKeyPath", baseDirectory, rekorKeys);
            AddKeys(node, "rekorPublicKeyPaths", baseDirectory, rekorKeys);
            AddKeys(node, "rekorPublicKeyData", baseDirectory, rekorKeys);
            AddKeys(node, "rekorPublicKeyDatas", baseDirectory, rekorKeys);
        }
        var identity = node?["signedIdentity"] is YamlMapping signedIdentity
            ? ReadIdentity(signedIdentity)
            : SignedIdentity.Default;
        var fulcio = node?["fulcio"] is YamlMapping f
            ? new FulcioRoot(
                Source(f, "caPath", "caData", baseDirectory) ?? new KeySource("fulcio.caPath", null, []),
                f.ScalarAt("oidcIssuer") ?? "",
                f.ScalarAt("subjectEmail") ?? ""
            )
            : null;
        var pki = node?["pki"] is YamlMapping p
            ? new PkiRoot(
                Source(p, "caRootsPath", "caRootsData", baseDirectory) ?? new KeySource("pki.caRootsPath", null, []),
                Source(p, "caIntermediatesPath", "caIntermediatesData", baseDirectory),
                NonEmpty(p.ScalarAt("subjectEmail")),
                NonEmpty(p.ScalarAt("subjectHostname"))
            )
            : null;
        return new SignatureRequirement(
            requirement.Type,
            keys,
            identity,
            policy,
            fulcio,
            pki,
            rekorKeys.Count > 0 ? rekorKeys : null
        );
    }

    /// <summary>One certificate bundle given as a file (…Path) or inline base64 (…Data).</summary>
    private static KeySource? Source(YamlMapping node, string pathKey, string dataKey, string baseDirectory)
    {
        var found = new List<KeySource>();
        AddKeys(node, pathKey, baseDirectory, found);
        AddKeys(node, dataKey, baseDirectory, found);
        return found.Count > 0 ? found[0] : null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void AddKeys(YamlMapping node, string key, string baseDirectory, List<KeySource> keys)
    {
        var values = node[key] switch
        {
            YamlScalar scalar => [scalar.Value],
            YamlSequence sequence => sequence.Items.OfType<YamlScalar>().Select(s => s.Value).ToList(),
            _ => new List<string>(),
        };
        foreach (var value in values.Where(v => v.Length > 0))
        {
            if (key.EndsWith("Data", StringComparison.Ordinal) || key.EndsWith("Datas", StringComparison.Ordinal))
            {
                keys.Add(new KeySource(key, null, Convert.FromBase64String(value)));
            }
            else
            {
                keys.Add(new KeySource($"{key} {value}", Path.GetFullPath(value, baseDirectory), null));
            }
        }
    }

    private static SignedIdentity ReadIdentity(YamlMapping node) =>
        node.ScalarAt("type") switch
        {
            "matchRepository" => new SignedIdentity(SignedIdentityKind.MatchRepository),
            "matchExact" => new SignedIdentity(SignedIdentityKind.MatchExact),
            "exactReference" => new SignedIdentity(SignedIdentityKind.ExactReference, node.ScalarAt("dockerReference")),
            "exactRepository" => new SignedIdentity(
                SignedIdentityKind.ExactRepository,
                node.ScalarAt("dockerRepository")
            ),
            "remapIdentity" => new SignedIdentity(
                SignedIdentityKind.RemapIdentity,
                node.ScalarAt("prefix"),
                node.ScalarAt("signedPrefix")
            ),
            _ => SignedIdentity.Default,
        };
}
