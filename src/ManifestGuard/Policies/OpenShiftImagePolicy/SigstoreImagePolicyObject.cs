namespace ManifestGuard.Policies.OpenShiftImagePolicy;

/// <summary>
/// A ClusterImagePolicy or ImagePolicy (config.openshift.io v1 or v1alpha1) that passed the platform's validation;
/// Namespace is null for a ClusterImagePolicy. Every scope turns into a sigstoreSigned requirement on the nodes.
/// </summary>
internal sealed record SigstoreImagePolicyObject(string Kind, string Name, string? Namespace, string File, IReadOnlyList<PolicyScope> Scopes)
{
    public bool IsCluster => Kind == "ClusterImagePolicy";

    /// <summary>kind/name or kind/namespace/name.</summary>
    public string ObjectName => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
