using ManifestGuard.Policies.OpenShift3;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.ImageConfig;

/// <summary>
/// The OpenShift 4 `Image` config (config.openshift.io/v1, only `cluster` is used): registrySources
/// allowedRegistries/blockedRegistries and allowedRegistriesForImport, which the API server applies to
/// ImageStream imports as OpenShift 3 did. The whole object is validated as the API server does
/// (<see cref="ImageConfigValidator"/>); an object it refuses applies nothing.
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
        if (name != "cluster")
        {
            problems.Add(new PolicyProblem(
                RuleIds.InvalidImagePolicy,
                $"{objectName}: the cluster only reads the Image config named \"cluster\", so this one has no effect",
                document.File,
                root.At("metadata", "name")?.Span ?? root.Span,
                objectName,
                Findings.FindingLevel.Warning));
        }
        var errors = ImageConfigValidator.Validate(root);
        if (errors.Count > 0)
        {
            foreach (var (at, message) in errors)
            {
                var text = $"{objectName}: {message}: the API server refuses this object, so none of it is in force";
                problems.Add(new PolicyProblem(RuleIds.InvalidImagePolicy, text, document.File, at.Span, objectName));
            }
            // The API server refuses the whole object; the cluster keeps what it had before: nothing here applies.
            return new ClusterImageConfig(name, document.File, [], [], null);
        }

        var sources = root.At("spec", "registrySources") as YamlMapping;
        AllowedRegistriesForImport? forImport = null;
        if (root.At("spec", "allowedRegistriesForImport") is YamlSequence list)
        {
            var internalRegistry = root.ScalarAt("status", "internalRegistryHostname");
            var source = $"{objectName} spec.allowedRegistriesForImport";
            forImport = AllowedRegistriesForImport.Read(list, internalRegistry, document.File, source, problems);
        }
        var allowed = Entries(sources, "allowedRegistries");
        return new ClusterImageConfig(name, document.File, allowed, Entries(sources, "blockedRegistries"), forImport);
    }

    private static List<YamlScalar> Entries(YamlMapping? sources, string key) =>
        PolicyYaml.Items(sources?[key]).Cast<YamlScalar>().ToList();
}
