using ManifestGuard.Yaml;

namespace ManifestGuard.Findings;

/// <summary>A replacement that fixes a finding: the text that should stand in the span.</summary>
internal sealed record FindingFix(string Description, SourceSpan Span, string Replacement);
