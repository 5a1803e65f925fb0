namespace ManifestGuard.Workloads;

/// <summary>The kinds that carry a pod spec or template. Adding a kind is one line here.</summary>
internal static class WorkloadKinds
{
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
        new("Rollout", "argoproj.io", "spec", "template"),
        new("Service", "serving.knative.dev", "spec", "template"),
        new("Configuration", "serving.knative.dev", "spec", "template"),
        new("Revision", "serving.knative.dev"),
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

    /// <summary>The template path for an object's apiVersion and kind, or null when the kind carries no pod.</summary>
    public static string[]? TemplatePathOf(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        foreach (var workload in All)
        {
            if (workload.Kind == kind && (workload.ApiGroup is null ? !IsClaimedGroup(group) : workload.ApiGroup == group))
            {
                return workload.TemplatePath;
            }
        }
        return null;
    }

    /// <summary>A group named by a row of its own (Knative) does not fall back to the core kinds of the same name.</summary>
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
