using ManifestGuard.Rules;

namespace ManifestGuard.Policies.OpenShift3;

/// <summary>
/// The ImagePolicy admission plugin's execution rules (origin imagepolicy/rules/accept.go), per resource: a
/// matching reject rule denies; when any rule on the resource is an accept rule, an image no rule matches is
/// denied. Registries are compared exactly as written (`nginx` names no registry and does not match
/// `docker.io`). Rules whose outcome depends on image metadata are not guessed: when they could change the
/// answer, no verdict is given.
/// </summary>
internal sealed class ExecutionRules : IImagePolicy
{
    private readonly IReadOnlyList<ExecutionRule> _rules;
    private readonly IReadOnlyList<string> _integratedRegistries;
    private readonly string _source;

    public ExecutionRules(IReadOnlyList<ExecutionRule> rules, IReadOnlyList<string> integratedRegistries, string source)
    {
        _rules = rules;
        _integratedRegistries = integratedRegistries;
        _source = source;
    }

    /// <summary>The group and plural resource admission sees for a workload kind.</summary>
    public static (string Group, string Resource) ResourceOf(string apiVersion, string kind)
    {
        var group = PolicyYaml.Group(apiVersion);
        var resource = kind.ToLowerInvariant() switch
        {
            var k when k.EndsWith('s') => k + "es",
            var k when k.EndsWith('y') => k[..^1] + "ies",
            var k => k + "s",
        };
        return (group, resource);
    }

    public IEnumerable<PolicyVerdict> Evaluate(ImageUse use)
    {
        var resource = ResourceOf(use.Resource.ApiVersion, use.Resource.Kind);
        var rules = _rules.Where(r => r.OnResources.Contains(resource)).ToList();
        if (rules.Count == 0)
        {
            yield break;
        }
        var defaultReject = rules.Any(r => !r.Reject);
        var registry = use.Reference.WrittenRegistry ?? "";
        var anyMatched = false;
        var undecided = new List<ExecutionRule>();
        foreach (var rule in rules)
        {
            var matches = Matches(rule, registry);
            if (matches is null)
            {
                undecided.Add(rule);
                continue;
            }
            if (matches.Value)
            {
                if (rule.Reject)
                {
                    var policy = $"{_source} executionRules \"{rule.Name}\"";
                    yield return new PolicyVerdict(RuleIds.ImageRejectedByPolicy, $"\"{use.Reference.Raw}\" is rejected on {resource.Resource} by the reject rule {policy}", policy);
                    yield break;
                }
                anyMatched = true;
            }
        }
        // Undecided reject rules could only deny more; an undecided accept rule could still admit: say nothing then.
        if (anyMatched || !defaultReject || undecided.Any(r => !r.Reject))
        {
            yield break;
        }
        var accepting = string.Join(", ", rules.Where(r => !r.Reject).Select(r => $"\"{r.Name}\""));
        var denied = $"{_source} executionRules";
        yield return new PolicyVerdict(
            RuleIds.ImageRejectedByPolicy,
            $"\"{use.Reference.Raw}\" matches no accept rule on {resource.Resource} ({accepting}); with an accept rule present the plugin denies everything else. The registry as written is \"{registry}\" (matchRegistries compares it exactly)",
            denied);
    }

    /// <summary>true or false when the repository can tell, null when only the cluster can.</summary>
    private bool? Matches(ExecutionRule rule, string registry)
    {
        if (rule.MatchIntegratedRegistry)
        {
            if (_integratedRegistries.Count == 0)
            {
                return null;
            }
            if (!_integratedRegistries.Contains(registry))
            {
                return rule.InvertMatch;
            }
        }
        if (rule.MatchRegistries.Count > 0 && !rule.MatchRegistries.Contains(registry))
        {
            return rule.InvertMatch;
        }
        if (rule.NeedsImage is not null)
        {
            return null;
        }
        return !rule.InvertMatch;
    }
}
