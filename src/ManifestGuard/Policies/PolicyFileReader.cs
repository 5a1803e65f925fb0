using ManifestGuard.Configuration;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies;

/// <summary>Reads a `policyFiles` entry and tells its format by content; a file that is none of them is a configuration error.</summary>
internal static class PolicyFileReader
{
    public static PolicyFile Read(string fullPath, string displayPath) =>
        Parse(ReadText(fullPath, displayPath), displayPath);

    public static string ReadText(string fullPath, string displayPath)
    {
        try
        {
            return File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read policy file: {e.Message}", displayPath, 0, 0);
        }
    }

    /// <summary>Tells the format of a policy file already read.</summary>
    public static PolicyFile Parse(string text, string displayPath)
    {

        // policy.json is a JSON object; its own reader checks it strictly and reports positions.
        if (text.TrimStart().StartsWith('{') && LooksLikeContainersPolicy(text))
        {
            return new PolicyFile(PolicyFileKind.ContainersPolicy, text, []);
        }

        var parsed = YamlDocumentParser.Parse(text);
        if (parsed.Error is { } error)
        {
            throw new ConfigurationException($"policy file is not valid YAML or JSON: {error.Message}", displayPath, error.Line, error.Column);
        }
        var roots = parsed.Documents.OfType<YamlMapping>().ToList();
        if (roots.Count == 0)
        {
            throw new ConfigurationException("policy file is empty", displayPath, 1, 1);
        }
        var first = roots[0];
        if (first["default"] is not null || first["transports"] is not null)
        {
            return new PolicyFile(PolicyFileKind.ContainersPolicy, text, []);
        }
        if (first["default-docker"] is not null || first["docker"] is not null)
        {
            return new PolicyFile(PolicyFileKind.RegistriesDirectory, text, parsed.Documents);
        }
        if (PolicyYaml.Kind(first) is "MasterConfig" or "ImagePolicyConfig" || first["imagePolicyConfig"] is not null || first["admissionConfig"] is not null)
        {
            return new PolicyFile(PolicyFileKind.MasterConfig, text, parsed.Documents);
        }
        if (roots.All(r => (r["apiVersion"] is not null && r["kind"] is not null) || MachineConfigPolicies.IsMachineConfig(r)))
        {
            return new PolicyFile(PolicyFileKind.Documents, text, parsed.Documents);
        }
        throw new ConfigurationException(
            "not a recognized policy file: expected a containers policy.json, a registries.d YAML file, an OpenShift 3 master-config.yaml, a MachineConfig or Butane config, or policy objects (ClusterImagePolicy, ImagePolicy, Image)",
            displayPath, first.Span.StartLine, first.Span.StartColumn);
    }

    private static bool LooksLikeContainersPolicy(string text)
    {
        var parsed = YamlDocumentParser.Parse(text.Replace('\t', ' '));
        // A policy.json the YAML reader refuses (duplicate keys, broken JSON) is still handed to the policy.json reader, which explains why.
        return parsed.Error is not null
            || (parsed.Documents.Count > 0 && parsed.Documents[0] is YamlMapping root && (root["default"] is not null || root["transports"] is not null));
    }
}
