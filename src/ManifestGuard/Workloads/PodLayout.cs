namespace ManifestGuard.Workloads;

/// <summary>How the pods of a kind are laid out in its objects, from <see cref="WorkloadKind.TemplatePath"/>.</summary>
internal enum PodLayout
{
    /// <summary>A pod template: `metadata` and a PodSpec `spec` (empty path: the object is the pod).</summary>
    Template,

    /// <summary>
    /// A Prometheus operator resource: the path is the pod spec itself, the pods' metadata its `podMetadata`.
    /// </summary>
    OperatorSpec,

    /// <summary>A Tekton TaskSpec, run as one pod that carries the object's labels and annotations.</summary>
    TektonTask,

    /// <summary>
    /// A Tekton PipelineSpec: a pod per embedded `taskSpec` of its `tasks` and `finally`, and nested `pipelineSpec`s.
    /// </summary>
    TektonPipeline,

    /// <summary>An Argo Workflows spec: a pod per entry of its `templates`.</summary>
    ArgoTemplates,
}
