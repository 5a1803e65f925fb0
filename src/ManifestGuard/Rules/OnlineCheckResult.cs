using ManifestGuard.Findings;

namespace ManifestGuard.Rules;

/// <summary>What asking the registries added: MG501/MG502 findings, fixes for MG101, and the lookups that failed.</summary>
/// <param name="Fixes">Pinned replacement text by the stable key of the MG101 finding it fixes.</param>
internal sealed record OnlineCheckResult(IReadOnlyList<Finding> Findings, IReadOnlyDictionary<string, FindingFix> Fixes, IReadOnlyList<string> Errors);
