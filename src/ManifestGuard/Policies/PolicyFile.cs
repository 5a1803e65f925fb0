using ManifestGuard.Yaml;

namespace ManifestGuard.Policies;

/// <summary>A `policyFiles` entry read from disk; Documents is empty for policy.json, which is parsed by its own reader.</summary>
internal sealed record PolicyFile(PolicyFileKind Kind, string Text, IReadOnlyList<YamlNode> Documents);
