using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.OpenShift3;

/// <summary>
/// The image policy parts of an OpenShift 3 master-config.yaml: `imagePolicyConfig.allowedRegistriesForImport`
/// and the `openshift.io/ImagePolicy` admission plugin's `executionRules` (inline, or the plugin's own
/// ImagePolicyConfig file). A plugin configuration that fails the plugin's load-time validation applies nothing.
/// </summary>
internal sealed record MasterConfig(AllowedRegistriesForImport? AllowedForImport, ExecutionRules? ExecutionRules)
{
    public const string PluginName = "openshift.io/ImagePolicy";

    public static MasterConfig Read(YamlMapping root, string file, ICollection<PolicyProblem> problems)
    {
        var internalRegistry = root.ScalarAt("imagePolicyConfig", "internalRegistryHostname");
        AllowedRegistriesForImport? allowed = null;
        if (root.At("imagePolicyConfig", "allowedRegistriesForImport") is YamlSequence list)
        {
            allowed = AllowedRegistriesForImport.Read(list, internalRegistry, file, $"{file} imagePolicyConfig.allowedRegistriesForImport", problems);
        }

        ExecutionRules? rules = null;
        var plugin = root.At("admissionConfig", "pluginConfig", PluginName) as YamlMapping;
        // The plugin's own file (the `location` a master-config points at) holds the configuration at its root.
        var configuration = PolicyYaml.Kind(root) == "ImagePolicyConfig" ? root : plugin?["configuration"] as YamlMapping;
        if (configuration is not null)
        {
            var source = $"{file} {PluginName}";
            var errors = ImagePolicyPluginConfig.Validate(configuration);
            foreach (var (at, message) in errors)
            {
                var text = $"{source} {message}: the plugin refuses this configuration when it loads, "
                    + "so the master's API server does not start";
                problems.Add(new PolicyProblem(RuleIds.InvalidImagePolicy, text, file, at.Span, source));
            }
            if (errors.Count == 0 && configuration["executionRules"] is YamlSequence ruleList)
            {
                var read = ruleList.Items.OfType<YamlMapping>().Select(r => ReadRule(r, file, source, problems)).ToList();
                // The plugin matches `matchIntegratedRegistry` against the internal hostname only (its registry
                // name matcher is given the default registry), not against externalRegistryHostname.
                List<string> integrated = internalRegistry is null ? [] : [internalRegistry];
                rules = new ExecutionRules(read, integrated, source);
            }
        }
        else if (plugin?["location"] is YamlScalar location)
        {
            problems.Add(new PolicyProblem(RuleIds.InvalidImagePolicy, $"the {PluginName} configuration is in another file ({location.Value}): add that file to policyFiles to evaluate it", file, location.Span, $"{file} {PluginName}", FindingLevel.Note));
        }
        return new MasterConfig(allowed, rules);
    }

    private static ExecutionRule ReadRule(YamlMapping rule, string file, string source, ICollection<PolicyProblem> problems)
    {
        var name = rule.ScalarAt("name") ?? "(unnamed)";
        var onResources = PolicyYaml.Items(rule["onResources"]).OfType<YamlMapping>()
            .Select(r => (r.ScalarAt("group") ?? "", r.ScalarAt("resource") ?? ""))
            .ToList();
        if (onResources.Count == 0)
        {
            // The plugin's default.
            onResources.Add(("", "pods"));
        }
        var registries = PolicyYaml.Items(rule["matchRegistries"]).OfType<YamlScalar>().Select(s => s.Value).ToList();

        string? needsImage = null;
        foreach (var key in new[] { "matchImageAnnotations", "matchImageLabels", "matchDockerImageLabels" })
        {
            if (PolicyYaml.Items(rule[key]).Count > 0)
            {
                needsImage = $"{key} needs the image's metadata, which only the cluster has";
            }
        }
        if (needsImage is null && PolicyYaml.IsTrue(rule["skipOnResolutionFailure"]))
        {
            needsImage = "skipOnResolutionFailure makes it depend on whether the cluster can resolve the image";
        }
        if (needsImage is not null)
        {
            problems.Add(new PolicyProblem(
                RuleIds.ImageRejectedByPolicy,
                $"executionRules \"{name}\" is not evaluated: {needsImage}; workloads it could decide get no verdict from this plugin",
                file,
                (rule.KeyNode("name") ?? (YamlNode)rule).Span,
                $"{source} executionRules \"{name}\"",
                FindingLevel.Note));
        }
        return new ExecutionRule(
            name,
            onResources,
            PolicyYaml.IsTrue(rule["reject"]),
            PolicyYaml.IsTrue(rule["invertMatch"]),
            PolicyYaml.IsTrue(rule["matchIntegratedRegistry"]),
            registries,
            needsImage,
            rule);
    }
}
