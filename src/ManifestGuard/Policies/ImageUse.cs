using ManifestGuard.Findings;
using ManifestGuard.References;

namespace ManifestGuard.Policies;

/// <summary>
/// One image use in a workload. EffectiveNamespace is metadata.namespace, or the caller's default namespace,
/// or null when neither is known (namespaced policies then cannot be applied).
/// </summary>
internal sealed record ImageUse(ImageReference Reference, ResourceIdentity Resource, string? EffectiveNamespace, bool BreakGlass);
