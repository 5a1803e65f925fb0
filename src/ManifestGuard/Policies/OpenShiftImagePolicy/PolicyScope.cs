using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.OpenShiftImagePolicy;

/// <summary>One entry of spec.scopes, with the scalar it was read from.</summary>
internal sealed record PolicyScope(string Value, YamlScalar Node);
