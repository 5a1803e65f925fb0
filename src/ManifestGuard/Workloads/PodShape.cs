namespace ManifestGuard.Workloads;

/// <summary>
/// What a pod spec of some API holds images in: container lists (paths relative to the spec, such as
/// `containerSet.containers`), single image fields, and whether its `volumes` are Kubernetes volumes
/// (which may be image volumes).
/// </summary>
internal sealed record PodShape(
    IReadOnlyList<string> ContainerLists,
    IReadOnlyList<ImageField> ImageFields,
    bool HasVolumes)
{
    /// <summary>A Kubernetes PodSpec.</summary>
    public static readonly PodShape PodSpec =
        new(["containers", "initContainers", "ephemeralContainers"], [], HasVolumes: true);

    /// <summary>
    /// A Tekton TaskSpec: steps and sidecars run as the task's pod; the step template may name an image for every step.
    /// </summary>
    public static readonly PodShape TektonTask =
        new(["steps", "sidecars"], [new ImageField("stepTemplate.image")], HasVolumes: true);

    /// <summary>
    /// An Argo Workflows template: one pod with a `container` or `script` (named `main`), or a container set.
    /// </summary>
    public static readonly PodShape ArgoTemplate = new(
        ["initContainers", "sidecars", "containerSet.containers"],
        [new ImageField("container.image", "main"), new ImageField("script.image", "main")],
        HasVolumes: true);

    /// <summary>Only the fields given, as the `workloads` configuration names them for a custom resource.</summary>
    public static PodShape Fields(IEnumerable<FieldPath> paths) =>
        new([], [.. paths.Select(p => new ImageField(p))], HasVolumes: false);
}
