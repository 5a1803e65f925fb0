using System.Buffers;
using System.Text;
using System.Text.Json;
using ManifestGuard.Policies;
using ManifestGuard.Policies.ImageConfig;
using ManifestGuard.Policies.OpenShiftImagePolicy;
using ManifestGuard.Yaml;

namespace ManifestGuard.Signatures;

/// <summary>
/// The files the Machine Config Operator writes on every node for ClusterImagePolicy and ImagePolicy objects
/// (container-runtime-config controller): /etc/containers/policy.json with one `sigstoreSigned` requirement per
/// policy on each of its scopes (several policies on one scope all apply), a per-namespace policy
/// /etc/crio/policies/NAMESPACE.json (the cluster file plus that namespace's ImagePolicy scopes, which CRI-O
/// uses for pods of the namespace), and registries.d/sigstore-registries.yaml turning on sigstore attachments
/// for every scope. An ImagePolicy scope equal to or nested inside a ClusterImagePolicy scope is left out (the
/// cluster's ConflictScopes). Image config registrySources shape the default and add accept or reject scopes.
/// </summary>
/// <param name="ClusterPolicy">The policy.json for namespaces without an ImagePolicy.</param>
/// <param name="NamespacePolicies">The policy file of each namespace that has ImagePolicy scopes.</param>
/// <param name="Registries">The registries.d file's text.</param>
internal sealed record OpenShiftNodeFiles(
    RenderedNodePolicy ClusterPolicy,
    IReadOnlyDictionary<string, RenderedNodePolicy> NamespacePolicies,
    string Registries
)
{
    public const string RegistriesPath = "/etc/containers/registries.d/sigstore-registries.yaml";

    private sealed record ScopedRequirement(string Scope, YamlMapping Policy, string Owner);

    /// <summary>The node files for the valid policy objects among the documents, or null when there are none.</summary>
    public static OpenShiftNodeFiles? Render(IReadOnlyList<PolicyDocument> documents)
    {
        // The scan reports invalid objects (MG304); the cluster refuses them, so they render nothing.
        var ignored = new List<PolicyProblem>();
        var objects = documents
            .Where(d => SigstoreImagePolicyReader.IsSigstorePolicy(d.Root))
            .Select(d => (Object: SigstoreImagePolicyReader.Read(d, ignored), d.Root))
            .Where(o => o.Object is not null && o.Root.At("spec", "policy") is YamlMapping)
            .Select(o => (Object: o.Object!, Policy: (YamlMapping)o.Root.At("spec", "policy")!))
            .OrderBy(o => o.Object.ObjectName, StringComparer.Ordinal)
            .ToList();
        if (objects.Count == 0)
        {
            return null;
        }
        var imageConfig = documents
            .Where(d => ClusterImageConfig.IsImageConfig(d.Root))
            .Select(d => ClusterImageConfig.Read(d, ignored))
            .FirstOrDefault(c => c.Name == "cluster");
        var allowed = imageConfig?.AllowedRegistries.Select(s => s.Value).ToList() ?? [];
        var blocked = imageConfig?.BlockedRegistries.Select(s => s.Value).ToList() ?? [];

        var cluster = objects
            .Where(o => o.Object.IsCluster)
            .SelectMany(o => o.Object.Scopes.Select(s => new ScopedRequirement(s.Value, o.Policy, o.Object.ObjectName)))
            .ToList();
        var namespaced = new Dictionary<string, List<ScopedRequirement>>(StringComparer.Ordinal);
        foreach (var (policy, spec) in objects.Where(o => !o.Object.IsCluster))
        {
            foreach (var scope in policy.Scopes.Where(s => !cluster.Any(c => ScopeNesting.IsNestedInside(s.Value, c.Scope))))
            {
                var ns = policy.Namespace ?? "";
                if (!namespaced.TryGetValue(ns, out var list))
                {
                    list = [];
                    namespaced[ns] = list;
                }
                list.Add(new ScopedRequirement(scope.Value, spec, policy.ObjectName));
            }
        }

        var namespacePolicies = namespaced.ToDictionary(
            n => n.Key,
            n => Policy($"/etc/crio/policies/{n.Key}.json", allowed, blocked, cluster.Concat(n.Value).ToList()),
            StringComparer.Ordinal
        );
        var registries = new StringBuilder("docker:\n");
        foreach (var scope in cluster.Concat(namespaced.Values.SelectMany(l => l)).Select(r => r.Scope).Distinct()
            .Order(StringComparer.Ordinal))
        {
            registries.Append("  \"").Append(scope).Append("\":\n    use-sigstore-attachments: true\n");
        }
        return new OpenShiftNodeFiles(
            Policy("/etc/containers/policy.json", allowed, blocked, cluster),
            namespacePolicies,
            registries.ToString()
        );
    }

    /// <summary>One policy file; in a namespace's file the cluster's requirements of a scope come first.</summary>
    private static RenderedNodePolicy Policy(
        string path,
        List<string> allowed,
        List<string> blocked,
        List<ScopedRequirement> requirements
    ) =>
        new(
            path,
            PolicyJson(allowed, blocked, requirements),
            requirements
                .GroupBy(r => r.Scope, StringComparer.Ordinal)
                .ToDictionary(
                    g => g.Key,
                    g => (IReadOnlyList<string>)g.Select(r => r.Owner).ToList(),
                    StringComparer.Ordinal
                )
        );

    private static string PolicyJson(List<string> allowed, List<string> blocked, List<ScopedRequirement> requirements)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WritePropertyName("default");
            WriteSimple(json, allowed.Count > 0 ? "reject" : "insecureAcceptAnything");
            json.WriteStartObject("transports");
            json.WriteStartObject("docker");
            var scoped = requirements.Select(r => r.Scope).ToHashSet(StringComparer.Ordinal);
            foreach (var registry in allowed.Where(r => !scoped.Contains(r)).Distinct())
            {
                // An allowed registry that is also a policy scope gets only the policy's requirements.
                json.WritePropertyName(registry);
                WriteSimple(json, "insecureAcceptAnything");
            }
            foreach (var registry in blocked.Where(r => !scoped.Contains(r)).Distinct())
            {
                json.WritePropertyName(registry);
                WriteSimple(json, "reject");
            }
            foreach (var group in requirements.GroupBy(r => r.Scope))
            {
                json.WriteStartArray(group.Key);
                if (blocked.Contains(group.Key))
                {
                    json.WriteStartObject();
                    json.WriteString("type", "reject");
                    json.WriteEndObject();
                }
                foreach (var requirement in group)
                {
                    WriteSigstoreSigned(json, requirement.Policy);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteSimple(Utf8JsonWriter json, string type)
    {
        json.WriteStartArray();
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary>
    /// One policy as the operator maps it (policyItemFromSpec): PublicKey to keyData (and rekorPublicKeyData),
    /// FulcioCAWithRekor to fulcio with rekorPublicKeyData, PKI to pki; the match policy to signedIdentity,
    /// matchRepoDigestOrExact when none is given. Key fields stay base64, as both formats hold bytes.
    /// </summary>
    private static void WriteSigstoreSigned(Utf8JsonWriter json, YamlMapping policy)
    {
        json.WriteStartObject();
        json.WriteString("type", "sigstoreSigned");
        var root = policy["rootOfTrust"] as YamlMapping;
        switch (root?.ScalarAt("policyType"))
        {
            case "PublicKey":
                var key = root["publicKey"] as YamlMapping;
                json.WriteString("keyData", key?.ScalarAt("keyData") ?? "");
                WriteIfPresent(json, "rekorPublicKeyData", key?.ScalarAt("rekorKeyData"));
                break;
            case "FulcioCAWithRekor":
                var fulcio = root["fulcioCAWithRekor"] as YamlMapping;
                json.WriteStartObject("fulcio");
                json.WriteString("caData", fulcio?.ScalarAt("fulcioCAData") ?? "");
                json.WriteString("oidcIssuer", fulcio?.ScalarAt("fulcioSubject", "oidcIssuer") ?? "");
                json.WriteString("subjectEmail", fulcio?.ScalarAt("fulcioSubject", "signedEmail") ?? "");
                json.WriteEndObject();
                json.WriteString("rekorPublicKeyData", fulcio?.ScalarAt("rekorKeyData") ?? "");
                break;
            case "PKI":
                var pki = root["pki"] as YamlMapping;
                json.WriteStartObject("pki");
                json.WriteString("caRootsData", pki?.ScalarAt("caRootsData") ?? "");
                WriteIfPresent(json, "caIntermediatesData", pki?.ScalarAt("caIntermediatesData"));
                WriteIfPresent(json, "subjectEmail", pki?.ScalarAt("pkiCertificateSubject", "email"));
                WriteIfPresent(json, "subjectHostname", pki?.ScalarAt("pkiCertificateSubject", "hostname"));
                json.WriteEndObject();
                break;
            default:
                break;
        }
        json.WriteStartObject("signedIdentity");
        var identity = policy["signedIdentity"] as YamlMapping;
        switch (identity?.ScalarAt("matchPolicy"))
        {
            case "MatchRepository":
                json.WriteString("type", "matchRepository");
                break;
            case "ExactRepository":
                json.WriteString("type", "exactRepository");
                json.WriteString("dockerRepository", identity.ScalarAt("exactRepository", "repository") ?? "");
                break;
            case "RemapIdentity":
                json.WriteString("type", "remapIdentity");
                json.WriteString("prefix", identity.ScalarAt("remapIdentity", "prefix") ?? "");
                json.WriteString("signedPrefix", identity.ScalarAt("remapIdentity", "signedPrefix") ?? "");
                break;
            default:
                json.WriteString("type", "matchRepoDigestOrExact");
                break;
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }
}
