namespace ManifestGuard.Workloads;

/// <summary>The kinds that carry a pod spec or template. Adding a kind is one line here.</summary>
internal static class WorkloadKinds
{
    private const string PrometheusOperator = "monitoring.coreos.com";
    private const string Tekton = "tekton.dev";
    private const string Argo = "argoproj.io";

    public static readonly IReadOnlyList<WorkloadKind> All =
    [
        new("Pod", null),
        new("PodTemplate", null, "template"),
        new("Deployment", null, "spec", "template"),
        new("ReplicaSet", null, "spec", "template"),
        new("StatefulSet", null, "spec", "template"),
        new("DaemonSet", null, "spec", "template"),
        new("ReplicationController", null, "spec", "template"),
        new("Job", null, "spec", "template"),
        new("CronJob", null, "spec", "jobTemplate", "spec", "template"),
        new("DeploymentConfig", null, "spec", "template"),
        new("Rollout", Argo, "spec", "template"),
        new("Service", "serving.knative.dev", "spec", "template"),
        new("Configuration", "serving.knative.dev", "spec", "template"),
        new("Revision", "serving.knative.dev"),
        // The operator names the main container after the kind; Prometheus also runs a Thanos sidecar.
        new("Prometheus", PrometheusOperator, "spec")
        {
            Layout = PodLayout.OperatorSpec,
            ImageFields = [new("image", "prometheus"), new("thanos.image", "thanos-sidecar")],
        },
        new("Alertmanager", PrometheusOperator, "spec")
        {
            Layout = PodLayout.OperatorSpec,
            ImageFields = [new("image", "alertmanager")],
        },
        new("ThanosRuler", PrometheusOperator, "spec")
        {
            Layout = PodLayout.OperatorSpec,
            ImageFields = [new("image", "thanos-ruler")],
        },
        new("Task", Tekton, "spec") { Layout = PodLayout.TektonTask },
        new("ClusterTask", Tekton, "spec") { Layout = PodLayout.TektonTask },
        new("TaskRun", Tekton, "spec", "taskSpec") { Layout = PodLayout.TektonTask },
        new("Pipeline", Tekton, "spec") { Layout = PodLayout.TektonPipeline },
        new("PipelineRun", Tekton, "spec", "pipelineSpec") { Layout = PodLayout.TektonPipeline },
        new("Workflow", Argo, "spec") { Layout = PodLayout.ArgoTemplates },
        new("WorkflowTemplate", Argo, "spec") { Layout = PodLayout.ArgoTemplates },
        new("ClusterWorkflowTemplate", Argo, "spec") { Layout = PodLayout.ArgoTemplates },
        new("CronWorkflow", Argo, "spec", "workflowSpec") { Layout = PodLayout.ArgoTemplates },
    ];

    /// <summary>Whether some apiVersion of this kind carries a pod.</summary>
    public static bool IsWorkloadKind(string kind)
    {
        foreach (var workload in All)
        {
            if (workload.Kind == kind)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The row for an object's apiVersion and kind, or null when the kind carries no pod.</summary>
    public static WorkloadKind? Of(string apiVersion, string kind)
    {
        var group = GroupOf(apiVersion);
        foreach (var workload in All)
        {
            if (workload.Kind == kind && (workload.ApiGroup is null ? !IsClaimedGroup(group) : workload.ApiGroup == group))
            {
                return workload;
            }
        }
        return null;
    }

    /// <summary>The template path for an object's apiVersion and kind, or null when the kind carries no pod.</summary>
    public static string[]? TemplatePathOf(string apiVersion, string kind) => Of(apiVersion, kind)?.TemplatePath;

    /// <summary>The API group of an apiVersion: `apps/v1` → `apps`, `v1` → empty.</summary>
    public static string GroupOf(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : apiVersion[..slash];
    }

    /// <summary>
    /// A group named by a row of its own (Knative) does not fall back to the core kinds of the same name.
    /// </summary>
    private static bool IsClaimedGroup(string group)
    {
        foreach (var workload in All)
        {
            if (workload.ApiGroup == group)
            {
                return true;
            }
        }
        return false;
    }
}
