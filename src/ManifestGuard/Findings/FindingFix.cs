using ManifestGuard.Yaml;

namespace ManifestGuard.Findings;

/// <summary>A replacement that fixes a finding: the text that should stand in the span.</summary>
public sealed record FindingFix(string Description, SourceSpan Span, string Replacement);
