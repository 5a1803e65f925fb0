namespace ManifestGuard.Workloads;

/// <summary>
/// Where one kind keeps its pods. <paramref name="TemplatePath"/> leads from the object to what
/// <see cref="Layout"/> reads there: for a pod template, the mapping that holds the pod's `metadata` and
/// `spec` (empty for a Pod, which is its own template). <paramref name="ApiGroup"/> is set when the kind
/// name alone is ambiguous (Knative's `Service`) or belongs to one project (Tekton's `Task`).
/// </summary>
internal sealed record WorkloadKind(string Kind, string? ApiGroup, params string[] TemplatePath)
{
    public PodLayout Layout { get; init; } = PodLayout.Template;

    /// <summary>
    /// Images the kind names outside its container lists, relative to the pod spec (`image` of a Prometheus).
    /// </summary>
    public IReadOnlyList<ImageField> ImageFields { get; init; } = [];
}
