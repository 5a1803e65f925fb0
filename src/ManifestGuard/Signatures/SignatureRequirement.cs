using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.Signatures.Identity;
using ManifestGuard.Yaml;

namespace ManifestGuard.Signatures;

/// <summary>
/// A signature-verifying requirement of policy.json, with what verification needs: its keys and signedIdentity.
/// </summary>
/// <param name="Policy">How findings name it: the policy file and scope.</param>
/// <param name="CertificateRoot">"Fulcio" or "PKI" when a sigstoreSigned requirement trusts certificates instead of
/// keys.</param>
internal sealed record SignatureRequirement(
    ContainersRequirementType Type,
    IReadOnlyList<KeySource> Keys,
    SignedIdentity Identity,
    string Policy,
    string? CertificateRoot = null
)
{
    public string TypeName => Type == ContainersRequirementType.SignedBy ? "signedBy" : "sigstoreSigned";

    /// <summary>Reads keys and signedIdentity of a requirement the policy.json reader already accepted.</summary>
    /// <param name="baseDirectory">Relative key paths are read from the policy file's folder.</param>
    public static SignatureRequirement From(ContainersRequirement requirement, string baseDirectory, string policy)
    {
        var node = requirement.Node;
        var keys = new List<KeySource>();
        if (node is not null)
        {
            AddKeys(node, "keyPath", baseDirectory, keys);
            AddKeys(node, "keyPaths", baseDirectory, keys);
            AddKeys(node, "keyData", baseDirectory, keys);
            AddKeys(node, "keyDatas", baseDirectory, keys);
        }
        var identity = node?["signedIdentity"] is YamlMapping signedIdentity
            ? ReadIdentity(signedIdentity)
            : SignedIdentity.Default;
        var certificateRoot =
            node?["fulcio"] is not null ? "Fulcio"
            : node?["pki"] is not null ? "PKI"
            : null;
        return new SignatureRequirement(requirement.Type, keys, identity, policy, certificateRoot);
    }

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
            if (key.StartsWith("keyData", StringComparison.Ordinal))
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
