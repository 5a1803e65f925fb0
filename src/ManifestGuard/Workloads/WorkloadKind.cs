namespace ManifestGuard.Workloads;

/// <summary>
/// Where one kind keeps its pod template. <paramref name="TemplatePath"/> leads from the object to the
/// mapping that holds the pod's `metadata` and `spec` (empty for a Pod, which is its own template).
/// <paramref name="ApiGroup"/> is set when the kind name alone is ambiguous (Knative's `Service`).
/// </summary>
internal sealed record WorkloadKind(string Kind, string? ApiGroup, params string[] TemplatePath);
