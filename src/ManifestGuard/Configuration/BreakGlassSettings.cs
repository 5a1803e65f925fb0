namespace ManifestGuard.Configuration;

/// <summary>Which pod annotations and labels declare a break-glass deployment, and whether it exempts the pod from policies.</summary>
internal sealed record BreakGlassSettings(IReadOnlyList<string> Annotations, IReadOnlyList<string> Labels, bool ExemptFromPolicies)
{
    /// <summary>OKE and the Kubernetes ImagePolicyWebhook use annotations; GKE Binary Authorization a label.</summary>
    public static readonly BreakGlassSettings Default = new(
        ["oracle.image-policy.k8s.io/break-glass", "alpha.image-policy.k8s.io/break-glass"],
        ["image-policy.k8s.io/break-glass"],
        ExemptFromPolicies: true);
}
