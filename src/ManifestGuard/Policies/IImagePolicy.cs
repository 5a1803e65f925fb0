namespace ManifestGuard.Policies;

/// <summary>One loaded policy source (a node's policy.json, the cluster's sigstore policies, an admission config, ...).</summary>
internal interface IImagePolicy
{
    IEnumerable<PolicyVerdict> Evaluate(ImageUse use);
}
