using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>A place in a file of the repository: the path reported (relative to the scan root) and the span there.</summary>
internal sealed record SourceLocation(string File, SourceSpan Span);
