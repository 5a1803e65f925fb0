using ManifestGuard.Policies.OpenShift3;
using ManifestGuard.Policies.OpenShiftImagePolicy;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.ImageConfig;

/// <summary>
/// The OpenShift 4 `Image` config (config.openshift.io/v1, only `cluster` is used): registrySources
/// allowedRegistries/blockedRegistries (validated as the CRD does; both set is refused) and
/// allowedRegistriesForImport, which the API server applies to ImageStream imports as OpenShift 3 did.
/// </summary>
internal sealed record ClusterImageConfig(
    string Name,
    string File,
    IReadOnlyList<YamlScalar> AllowedRegistries,
    IReadOnlyList<YamlScalar> BlockedRegistries,
    AllowedRegistriesForImport? AllowedForImport)
{
    public string ObjectName => $"Image/{Name}";

    public static bool IsImageConfig(YamlMapping root) =>
        PolicyYaml.Kind(root) == "Image" && PolicyYaml.ApiVersion(root) == "config.openshift.io/v1";

    public static ClusterImageConfig Read(PolicyDocument document, ICollection<PolicyProblem> problems)
    {
        var root = document.Root;
        var name = PolicyYaml.Name(root) ?? "(unnamed)";
        var objectName = $"Image/{name}";
        var sources = root.At("spec", "registrySources") as YamlMapping;
        var allowed = ReadList(sources, "allowedRegistries", document.File, objectName, problems);
        var blocked = ReadList(sources, "blockedRegistries", document.File, objectName, problems);
        if (sources?["allowedRegistries"] is not null && sources["blockedRegistries"] is not null)
        {
            problems.Add(new PolicyProblem(RuleIds.InvalidImagePolicy, $"{objectName}: Only one of blockedRegistries or allowedRegistries may be set", document.File, sources.KeyNode("blockedRegistries")!.Span, objectName));
            // The API server refuses the object, so the cluster keeps its previous registry sources.
            allowed = [];
            blocked = [];
        }
        AllowedRegistriesForImport? forImport = null;
        if (root.At("spec", "allowedRegistriesForImport") is YamlSequence list)
        {
            forImport = AllowedRegistriesForImport.Read(list, root.ScalarAt("status", "internalRegistryHostname"), document.File, $"{objectName} spec.allowedRegistriesForImport", problems);
        }
        if (name != "cluster")
        {
            problems.Add(new PolicyProblem(RuleIds.InvalidImagePolicy, $"{objectName}: the cluster only reads the Image config named \"cluster\", so this one has no effect", document.File, root.At("metadata", "name")?.Span ?? root.Span, objectName, Findings.FindingLevel.Warning));
        }
        return new ClusterImageConfig(name, document.File, allowed, blocked, forImport);
    }

    private static List<YamlScalar> ReadList(YamlMapping? sources, string key, string file, string objectName, ICollection<PolicyProblem> problems)
    {
        var entries = new List<YamlScalar>();
        foreach (var item in PolicyYaml.Items(sources?[key]))
        {
            if (item is YamlScalar scalar && scalar.Value.Length is > 0 and <= 256 && OpenShiftPatterns.RegistrySource().IsMatch(scalar.Value))
            {
                entries.Add(scalar);
            }
            else
            {
                problems.Add(new PolicyProblem(RuleIds.InvalidImagePolicy, $"{objectName} registrySources.{key}: each registry must be a valid hostname[:port][/path] or wildcard *.hostname format without tags or digests", file, item.Span, objectName));
            }
        }
        return entries;
    }
}
