namespace ManifestGuard.Findings;

/// <summary>The Kubernetes object a finding belongs to.</summary>
internal sealed record ResourceIdentity(string ApiVersion, string Kind, string? Namespace, string? Name)
{
    /// <summary>kind/namespace/name, as kubectl prints it.</summary>
    public override string ToString() => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
