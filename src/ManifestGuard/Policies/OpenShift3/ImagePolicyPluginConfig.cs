using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.OpenShift3;

/// <summary>
/// What the `openshift.io/ImagePolicy` admission plugin checks when it loads its configuration
/// (apiserver-library-go imagepolicy: SetDefaults_ImagePolicyConfig, then validation.Validate). A configuration
/// that fails stops the plugin, and with it the master's API server.
/// </summary>
internal static class ImagePolicyPluginConfig
{
    private static readonly string[] ImageMetadataConditions =
        ["matchDockerImageLabels", "matchImageLabels", "matchImageAnnotations"];

    /// <summary>The errors of a configuration after defaulting, each with the node to point at.</summary>
    public static List<(YamlNode At, string Message)> Validate(YamlMapping configuration)
    {
        var errors = new List<(YamlNode, string)>();
        // Defaulting: an empty resolveImages is Attempt; a resolution rule without a policy takes the global one
        // (or DoNotAttempt for the built-in rules), so after defaulting no rule lacks a policy.
        var resolveImages = configuration.ScalarAt("resolveImages") is { Length: > 0 } written ? written : "Attempt";

        var names = new HashSet<string>(StringComparer.Ordinal);
        var rules = PolicyYaml.Items(configuration["executionRules"]);
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not YamlMapping rule)
            {
                continue;
            }
            var path = $"executionRules[{i}]";
            var name = rule.ScalarAt("name") ?? "";
            if (!names.Add(name))
            {
                errors.Add((rule.KeyNode("name") ?? (YamlNode)rule, $"{path}.name: Duplicate value: \"{name}\""));
            }
            var selectors = PolicyYaml.Items(rule["matchImageLabels"]);
            for (var j = 0; j < selectors.Count; j++)
            {
                if (LabelSelectorRules.Check(selectors[j]) is { } error)
                {
                    errors.Add((selectors[j], $"{path}.matchImageLabels[{j}]: Invalid value: {error}"));
                }
            }
            if (resolveImages == "DoNotAttempt")
            {
                foreach (var condition in ImageMetadataConditions.Where(c => PolicyYaml.Items(rule[c]).Count > 0))
                {
                    errors.Add((rule.KeyNode(condition)!, $"{path}.{condition}: Invalid value: images are not being "
                        + "resolved (resolveImages: DoNotAttempt), this condition will always fail"));
                }
            }
        }

        var resolution = PolicyYaml.Items(configuration["resolutionRules"]);
        for (var i = 0; i < resolution.Count; i++)
        {
            if ((resolution[i] as YamlMapping)?.ScalarAt("targetResource", "resource") is not { Length: > 0 })
            {
                errors.Add((resolution[i], $"resolutionRules[{i}].targetResource.resource: Required value: "
                    + "a target resource name or '*' must be provided"));
            }
        }
        return errors;
    }
}
