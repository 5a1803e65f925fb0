using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.OpenShift3;

/// <summary>
/// One `executionRules` entry of the ImagePolicy admission plugin. NeedsImage marks conditions only the cluster
/// can decide (image annotations and labels, or a rule skipped when the image does not resolve).
/// </summary>
internal sealed record ExecutionRule(
    string Name,
    IReadOnlyList<(string Group, string Resource)> OnResources,
    bool Reject,
    bool InvertMatch,
    bool MatchIntegratedRegistry,
    IReadOnlyList<string> MatchRegistries,
    string? NeedsImage,
    YamlNode Node);
