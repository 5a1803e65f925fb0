using ManifestGuard.Yaml;

namespace ManifestGuard.Policies;

/// <summary>A scanned Kubernetes document (it has apiVersion and kind); File is relative to the scan root with '/' separators.</summary>
internal sealed record PolicyDocument(string File, YamlMapping Root);
