using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>A scope of `transports.docker` (or the global `default`, Name ``) with its requirement list.</summary>
internal sealed record ContainersScope(string Name, IReadOnlyList<ContainersRequirement> Requirements, SourceSpan Span)
{
    public string Describe() => Name.Length == 0 ? "transport default \"\"" : $"scope \"{Name}\"";
}
