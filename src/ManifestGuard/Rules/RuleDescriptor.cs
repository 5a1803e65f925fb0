using ManifestGuard.Findings;

namespace ManifestGuard.Rules;

/// <summary>A rule's metadata, read from its file in `rules/`: what `rules`, `explain` and SARIF show.</summary>
internal sealed record RuleDescriptor(
    string Id,
    string Name,
    FindingLevel DefaultLevel,
    string ShortDescription,
    string FullDescription,
    string HelpMarkdown,
    IReadOnlyList<string> Tags,
    string SecuritySeverity)
{
    public string HelpUri => $"https://github.com/manifestguard/manifestguard/blob/main/rules/{Id}.yaml";
}
