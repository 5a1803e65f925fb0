using ManifestGuard.Findings;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies;

/// <summary>A located problem found while loading policies; Level null means the rule's default level.</summary>
internal sealed record PolicyProblem(string RuleId, string Message, string File, SourceSpan Span, string Policy, FindingLevel? Level = null);
