using ManifestGuard.Policies.OpenShiftImagePolicy;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.ImageConfig;

/// <summary>
/// The `Image` CRD's validation (openshift/api config/v1, images.config.openshift.io) of `spec`, as the API server
/// applies it on create: the schema's types, enums, lengths and list limits and the CEL rules. A null value is
/// pruned before validation, so it counts as absent. Each error is returned with the field path the API server
/// names and the node to point at.
/// </summary>
internal static class ImageConfigValidator
{
    private const int MaxRegistries = 1024;
    private const int MaxRegistryLength = 256;
    private static readonly string[] ImportModes = ["", "Legacy", "PreserveOriginal"];
    private static readonly string[] RegistryLists = ["allowedRegistries", "blockedRegistries", "insecureRegistries"];

    public static List<(YamlNode At, string Message)> Validate(YamlMapping root)
    {
        var errors = new List<(YamlNode, string)>();
        void Fail(YamlNode at, string message) => errors.Add((at, message));

        if (Present(root["spec"]) is not { } specNode)
        {
            Fail(root, "spec: Required value");
            return errors;
        }
        if (specNode is not YamlMapping spec)
        {
            Fail(specNode, TypeError("spec", specNode, "object"));
            return errors;
        }

        if (Present(spec["additionalTrustedCA"]) is { } ca)
        {
            if (ca is not YamlMapping caMapping)
            {
                Fail(ca, TypeError("spec.additionalTrustedCA", ca, "object"));
            }
            else if (Present(caMapping["name"]) is not { } name)
            {
                Fail(caMapping, "spec.additionalTrustedCA.name: Required value");
            }
            else
            {
                RequireType(name, "spec.additionalTrustedCA.name", "string", Fail);
            }
        }

        if (Present(spec["allowedRegistriesForImport"]) is { } forImport
            && List(forImport, "spec.allowedRegistriesForImport", Fail) is { } imports)
        {
            for (var i = 0; i < imports.Count; i++)
            {
                var path = $"spec.allowedRegistriesForImport[{i}]";
                if (imports[i] is not YamlMapping entry)
                {
                    Fail(imports[i], TypeError(path, imports[i], "object"));
                    continue;
                }
                if (Present(entry["domainName"]) is { } domain)
                {
                    RequireType(domain, path + ".domainName", "string", Fail);
                }
                if (Present(entry["insecure"]) is { } insecure)
                {
                    RequireType(insecure, path + ".insecure", "boolean", Fail);
                }
            }
        }

        if (Present(spec["externalRegistryHostnames"]) is { } hostnames
            && List(hostnames, "spec.externalRegistryHostnames", Fail) is { } hostnameItems)
        {
            for (var i = 0; i < hostnameItems.Count; i++)
            {
                RequireType(hostnameItems[i], $"spec.externalRegistryHostnames[{i}]", "string", Fail);
            }
        }

        if (Present(spec["imageStreamImportMode"]) is { } mode
            && RequireType(mode, "spec.imageStreamImportMode", "string", Fail)
            && !ImportModes.Contains(((YamlScalar)mode).Value))
        {
            Fail(mode, $"spec.imageStreamImportMode: Unsupported value: \"{((YamlScalar)mode).Value}\": "
                + "supported values: \"\", \"Legacy\", \"PreserveOriginal\"");
        }

        if (Present(spec["registrySources"]) is { } sourcesNode)
        {
            ValidateRegistrySources(sourcesNode, Fail);
        }
        return errors;
    }

    private static void ValidateRegistrySources(YamlNode node, Action<YamlNode, string> fail)
    {
        if (node is not YamlMapping sources)
        {
            fail(node, TypeError("spec.registrySources", node, "object"));
            return;
        }
        foreach (var key in RegistryLists)
        {
            var path = $"spec.registrySources.{key}";
            if (Present(sources[key]) is not { } listNode || List(listNode, path, fail) is not { } items)
            {
                continue;
            }
            if (items.Count > MaxRegistries)
            {
                fail(listNode, $"{path}: Too many: {items.Count}: must have at most {MaxRegistries} items");
            }
            for (var i = 0; i < items.Count; i++)
            {
                if (!RequireType(items[i], $"{path}[{i}]", "string", fail))
                {
                    continue;
                }
                var value = ((YamlScalar)items[i]).Value;
                if (value.Length is 0 or > MaxRegistryLength)
                {
                    fail(items[i], $"{path}[{i}]: Invalid value: \"{value}\": "
                        + $"must be between 1 and {MaxRegistryLength} characters long");
                }
                else if (!OpenShiftPatterns.RegistrySource().IsMatch(value))
                {
                    fail(items[i], $"{path}[{i}]: Invalid value: \"string\": each registry must be a valid "
                        + "hostname[:port][/path] or wildcard *.hostname format without tags or digests");
                }
            }
        }

        const string searchPath = "spec.registrySources.containerRuntimeSearchRegistries";
        if (Present(sources["containerRuntimeSearchRegistries"]) is { } searchNode
            && List(searchNode, searchPath, fail) is { } search)
        {
            if (search.Count == 0)
            {
                fail(searchNode, $"{searchPath}: Invalid value: 0: {searchPath} in body should have at least 1 items");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < search.Count; i++)
            {
                if (RequireType(search[i], $"{searchPath}[{i}]", "string", fail)
                    && !seen.Add(((YamlScalar)search[i]).Value))
                {
                    fail(search[i], $"{searchPath}[{i}]: Duplicate value: \"{((YamlScalar)search[i]).Value}\"");
                }
            }
        }

        if (Present(sources["blockedRegistries"]) is not null && Present(sources["allowedRegistries"]) is not null)
        {
            fail(sources.KeyNode("blockedRegistries")!,
                "spec.registrySources: Invalid value: \"object\": "
                + "Only one of blockedRegistries or allowedRegistries may be set");
        }
    }

    /// <summary>The node, or null when absent or null (the API server prunes nulls of non-nullable fields).</summary>
    private static YamlNode? Present(YamlNode? node) => node is YamlScalar { IsNull: true } ? null : node;

    private static IReadOnlyList<YamlNode>? List(YamlNode node, string path, Action<YamlNode, string> fail)
    {
        if (node is YamlSequence sequence)
        {
            return sequence.Items;
        }
        fail(node, TypeError(path, node, "array"));
        return null;
    }

    private static bool RequireType(YamlNode node, string path, string type, Action<YamlNode, string> fail)
    {
        if (PolicyYaml.JsonType(node) == type)
        {
            return true;
        }
        fail(node, TypeError(path, node, type));
        return false;
    }

    private static string TypeError(string path, YamlNode node, string type) =>
        $"{path}: Invalid value: \"{PolicyYaml.JsonType(node)}\": {path} in body must be of type {type}";
}
