using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>A scope of `transports.docker`, or the global `default` (IsGlobalDefault), with its requirement list.</summary>
internal sealed record ContainersScope(string Name, IReadOnlyList<ContainersRequirement> Requirements, SourceSpan Span, bool IsGlobalDefault = false)
{
    public string Describe() => IsGlobalDefault ? "\"default\"" : Name.Length == 0 ? "transport default \"\"" : $"scope \"{Name}\"";
}
