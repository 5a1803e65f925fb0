using ManifestGuard.Configuration;
using ManifestGuard.Findings;
using ManifestGuard.References;
using ManifestGuard.Rules;

namespace ManifestGuard.Policies.Oke;

/// <summary>
/// OKE image verification: with it enabled, an image from a covered registry (OCIR) must be signed with one of
/// the configured master encryption keys, which is checked against the image digest, so the reference must
/// carry one. A pod with the break-glass annotation is let through by OKE (MG401 still reports the annotation).
/// </summary>
internal sealed class OkeImagePolicy : IImagePolicy
{
    /// <summary>OKE accepts at most this many keys in an image verification policy.</summary>
    public const int MaxKeys = 5;

    private readonly IReadOnlyList<RegistryPattern> _registries;
    private readonly string _name;

    private OkeImagePolicy(IReadOnlyList<RegistryPattern> registries, string name)
    {
        _registries = registries;
        _name = name;
    }

    /// <summary>The policy to evaluate, or null when it enforces nothing (disabled, or enabled without a key).</summary>
    public static OkeImagePolicy? Load(OkeSettings settings, ICollection<PolicyProblem> problems)
    {
        const string name = "OKE image verification";
        if (!settings.Enabled)
        {
            return null;
        }
        if (settings.KeyIds.Count > MaxKeys)
        {
            problems.Add(new PolicyProblem(RuleIds.InvalidImagePolicy, $"{name} takes at most {MaxKeys} master encryption keys; {settings.KeyIds.Count} are configured", settings.ConfigFile, settings.Span, name));
        }
        if (settings.KeyIds.Count == 0)
        {
            problems.Add(new PolicyProblem(RuleIds.InvalidImagePolicy, $"{name} is enabled with no key: it enforces nothing until a master encryption key is added", settings.ConfigFile, settings.Span, name, FindingLevel.Warning));
            return null;
        }
        return new OkeImagePolicy(settings.Registries, name);
    }

    public IEnumerable<PolicyVerdict> Evaluate(ImageUse use)
    {
        if (use.BreakGlass || use.Reference.IsPinned)
        {
            yield break;
        }
        if (_registries.FirstOrDefault(p => p.Matches(use.Reference)) is { } covering)
        {
            var policy = $"{_name} registry \"{covering.Text}\"";
            yield return new PolicyVerdict(
                RuleIds.DigestRequiredByPolicy,
                $"\"{use.Reference.Raw}\" is in a registry covered by {policy}: OKE verifies signatures by digest, so reference the image by digest",
                policy);
        }
    }
}
