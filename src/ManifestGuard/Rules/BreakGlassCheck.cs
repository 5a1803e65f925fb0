using ManifestGuard.Configuration;
using ManifestGuard.Findings;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rules;

/// <summary>
/// MG401: a pod or pod template declares break-glass, with an annotation (OKE, ImagePolicyWebhook) or a
/// label (GKE Binary Authorization) set to "true". The finding points at the key, where a reviewer looks.
/// </summary>
internal static class BreakGlassCheck
{
    public static bool IsBreakGlass(PodTemplateSite pod, BreakGlassSettings settings) => Keys(pod, settings).Any();

    public static IEnumerable<Finding> Check(PodTemplateSite pod, CheckContext context)
    {
        foreach (var (key, section) in Keys(pod, context.Config.BreakGlass))
        {
            var what = section == "labels" ? "label" : "annotation";
            yield return new Finding
            {
                RuleId = RuleIds.BreakGlassUsed,
                Level = context.LevelOf(RuleIds.BreakGlassUsed),
                Message = $"break-glass {what} \"{key.Value}\" is set: image policy enforcement is bypassed for this pod; remove it once the emergency is over",
                File = pod.Owner.Source.DisplayPath,
                Span = key.Span,
                Resource = pod.Owner.Identity,
                Field = $"{pod.MetadataField}.{section}[{key.Value}]",
            };
        }
    }

    private static IEnumerable<(YamlScalar Key, string Section)> Keys(PodTemplateSite pod, BreakGlassSettings settings)
    {
        foreach (var (section, names) in new[] { ("annotations", settings.Annotations), ("labels", settings.Labels) })
        {
            if (pod.Metadata?[section] is not YamlMapping map)
            {
                continue;
            }
            foreach (var name in names)
            {
                if (map[name] is YamlScalar value && value.Value.Equals("true", StringComparison.OrdinalIgnoreCase) && map.KeyNode(name) is { } key)
                {
                    yield return (key, section);
                }
            }
        }
    }
}
