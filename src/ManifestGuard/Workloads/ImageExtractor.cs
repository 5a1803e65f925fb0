using ManifestGuard.Discovery;
using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Workloads;

/// <summary>
/// Finds pods in objects and image references in pods: every container list, image fields and image
/// volumes (`volumes[].image.reference`, Kubernetes 1.31+). Kinds come from <see cref="WorkloadKinds"/>
/// and from the `workloads` configuration; an unknown kind with `spec.template.spec.containers` (a custom
/// resource embedding a pod template) counts too. `List` kinds are read item by item, and OpenShift
/// Templates object by object.
/// </summary>
internal static class ImageExtractor
{
    /// <summary>Where an object of a kind not in <see cref="WorkloadKinds"/> may carry a pod template.</summary>
    public static readonly (string Spec, string Template) CustomTemplate = ("spec", "template");

    private static readonly string[] CustomTemplatePath = [CustomTemplate.Spec, CustomTemplate.Template];

    private const string TemplateKind = "Template";

    /// <summary>The objects of a document: itself, the items of a List, or an OpenShift Template's objects.</summary>
    public static IEnumerable<ManifestObject> Objects(SourceText source, YamlNode document)
    {
        var root = ManifestObject.From(source, document);
        if (root is null)
        {
            yield break;
        }
        var (key, parameters) = IsListKind(root.Identity.Kind) ? ("items", null)
            : IsOpenShiftTemplate(root.Identity.ApiVersion, root.Identity.Kind)
                ? ("objects", TemplateParameters.Read(root.Root["parameters"]))
                : (null, null);
        if (key is null || root.Root[key] is not YamlSequence items)
        {
            yield return root;
            yield break;
        }
        // An item repeated by an alias is one object at one place in the file: read it once.
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < items.Items.Count; i++)
        {
            if (seen.Add(items.Items[i]) && ManifestObject.From(source, items.Items[i], $"{key}[{i}].") is { } item)
            {
                yield return item with { TemplateParameters = parameters };
            }
        }
    }

    /// <summary>`List`, `DeploymentList` ...: a document whose `items` are objects.</summary>
    public static bool IsListKind(string kind) => kind.EndsWith("List", StringComparison.Ordinal);

    /// <summary>Kinds whose documents hold further objects: lists and OpenShift Templates.</summary>
    public static bool HoldsObjects(string kind) => IsListKind(kind) || kind == TemplateKind;

    /// <summary>An OpenShift Template: `template.openshift.io`, or the legacy `v1` of OpenShift 3.</summary>
    private static bool IsOpenShiftTemplate(string apiVersion, string kind) =>
        kind == TemplateKind && (apiVersion == "v1" || WorkloadKinds.GroupOf(apiVersion) == "template.openshift.io");

    /// <summary>The first pod of an object, or null when it carries none.</summary>
    public static PodTemplateSite? PodTemplate(ManifestObject obj) => Pods(obj).FirstOrDefault();

    /// <summary>The pods of an object (several for a Tekton Pipeline or an Argo Workflow), and custom image fields.
    /// </summary>
    public static IEnumerable<PodTemplateSite> Pods(ManifestObject obj, IReadOnlyList<CustomWorkload>? custom = null)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var kind = WorkloadKinds.Of(obj.Identity.ApiVersion, obj.Identity.Kind);
        var path = kind?.TemplatePath;
        if (kind is null && obj.Root.At([.. CustomTemplatePath, "spec", "containers"]) is YamlSequence)
        {
            kind = new WorkloadKind(obj.Identity.Kind, null, CustomTemplatePath);
            path = CustomTemplatePath;
        }
        if (kind is not null && path is not null && obj.Root.At(path) is YamlMapping at)
        {
            foreach (var pod in PodsOf(obj, kind, string.Join('.', path), at))
            {
                yield return pod;
            }
        }
        foreach (var workload in custom ?? [])
        {
            if (workload.Matches(obj.Identity.ApiVersion, obj.Identity.Kind))
            {
                yield return new PodTemplateSite(obj, "", null, obj.Root)
                {
                    Shape = PodShape.Fields(workload.Images),
                    SpecPath = "",
                };
            }
        }
    }

    private static IEnumerable<PodTemplateSite> PodsOf(
        ManifestObject obj, WorkloadKind kind, string path, YamlMapping at)
    {
        var objectMetadata = obj.Root["metadata"] as YamlMapping;
        switch (kind.Layout)
        {
            case PodLayout.Template:
                if (at["spec"] is YamlMapping spec)
                {
                    yield return new PodTemplateSite(obj, path, at["metadata"] as YamlMapping, spec);
                }
                break;
            case PodLayout.OperatorSpec:
                yield return new PodTemplateSite(obj, path, at["podMetadata"] as YamlMapping, at)
                {
                    Shape = PodShape.PodSpec with { ImageFields = kind.ImageFields },
                    SpecPath = path,
                    MetadataPath = path + ".podMetadata",
                };
                break;
            case PodLayout.TektonTask:
                // Tekton copies the labels and annotations of a Task and TaskRun to the pod it runs.
                yield return TektonTask(obj, path, at, objectMetadata, "metadata");
                break;
            case PodLayout.TektonPipeline:
                foreach (var pod in TektonPipeline(obj, path, at))
                {
                    yield return pod;
                }
                break;
            case PodLayout.ArgoTemplates:
                if (at["templates"] is YamlSequence templates)
                {
                    for (var i = 0; i < templates.Items.Count; i++)
                    {
                        if (templates.Items[i] is YamlMapping template)
                        {
                            var templatePath = $"{path}.templates[{i}]";
                            var metadata = template["metadata"] as YamlMapping;
                            yield return new PodTemplateSite(obj, templatePath, metadata, template)
                            {
                                Shape = PodShape.ArgoTemplate,
                                SpecPath = templatePath,
                            };
                        }
                    }
                }
                break;
            default:
                throw new InvalidOperationException($"no reader for the pod layout {kind.Layout}");
        }
    }

    private static PodTemplateSite TektonTask(
        ManifestObject obj, string path, YamlMapping taskSpec, YamlMapping? metadata, string metadataPath) =>
        new(obj, path, metadata, taskSpec)
        {
            Shape = PodShape.TektonTask,
            SpecPath = path,
            MetadataPath = metadataPath,
        };

    /// <summary>The embedded tasks of a pipeline spec and of the pipeline specs embedded in it, at any depth.</summary>
    private static IEnumerable<PodTemplateSite> TektonPipeline(
        ManifestObject obj, string path, YamlMapping pipelineSpec)
    {
        var pending = new Stack<(string Path, YamlMapping Spec)>();
        pending.Push((path, pipelineSpec));
        var found = new List<PodTemplateSite>();
        var visited = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        while (pending.Count > 0)
        {
            var (specPath, spec) = pending.Pop();
            if (!visited.Add(spec))
            {
                continue;
            }
            foreach (var list in (string[])["tasks", "finally"])
            {
                if (spec[list] is not YamlSequence tasks)
                {
                    continue;
                }
                for (var i = 0; i < tasks.Items.Count; i++)
                {
                    var taskPath = $"{specPath}.{list}[{i}]";
                    if (tasks.Items[i] is not YamlMapping task)
                    {
                        continue;
                    }
                    if (task["taskSpec"] is YamlMapping taskSpec)
                    {
                        var metadata = taskSpec["metadata"] as YamlMapping;
                        var embeddedPath = taskPath + ".taskSpec";
                        found.Add(TektonTask(obj, embeddedPath, taskSpec, metadata, embeddedPath + ".metadata"));
                    }
                    if (task["pipelineSpec"] is YamlMapping nested)
                    {
                        pending.Push((taskPath + ".pipelineSpec", nested));
                    }
                }
            }
        }
        // Report order follows the file, whatever order the nesting was walked in.
        return found.OrderBy(pod => pod.Spec.Span.StartOffset);
    }

    public static IEnumerable<ImageOccurrence> Images(PodTemplateSite pod) => Images(pod, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance));

    /// <summary>
    /// The images of a pod, skipping container lists, containers, images and volumes already in
    /// <paramref name="seen"/> (shared by all pods of one file). Aliases let a short file repeat one list
    /// under many pods; each image scalar has one place in the file and is reported once, so the work
    /// stays linear in the file.
    /// </summary>
    public static IEnumerable<ImageOccurrence> Images(PodTemplateSite pod, ISet<YamlNode> seen)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(seen);
        var specPath = pod.SpecFieldPrefix;
        foreach (var list in pod.Shape.ContainerLists)
        {
            if (pod.Spec.At(list.Split('.')) is not YamlSequence containers || !seen.Add(containers))
            {
                continue;
            }
            for (var i = 0; i < containers.Items.Count; i++)
            {
                if (containers.Items[i] is YamlMapping container && seen.Add(container) && container["image"] is YamlScalar image && !image.IsNull)
                {
                    // Marked, not required new: an alias may name one image for two containers, each an occurrence.
                    seen.Add(image);
                    yield return Occurrence(pod, image, $"{specPath}{list}[{i}].image", container.ScalarAt("name"));
                }
            }
        }
        foreach (var field in pod.Shape.ImageFields)
        {
            foreach (var match in field.Path.Find(pod.Spec))
            {
                if (match.Node is YamlScalar image && !image.IsNull && seen.Add(image))
                {
                    var container = match.Node == match.Holder["image"] ? match.Holder.ScalarAt("name") : null;
                    yield return Occurrence(pod, image, specPath + match.Path, container ?? field.DefaultContainer);
                }
            }
        }
        if (pod.Shape.HasVolumes && pod.Spec["volumes"] is YamlSequence volumes && seen.Add(volumes))
        {
            for (var i = 0; i < volumes.Items.Count; i++)
            {
                if (volumes.Items[i] is YamlMapping volume && seen.Add(volume) && volume.At("image", "reference") is YamlScalar reference && !reference.IsNull)
                {
                    yield return Occurrence(pod, reference, $"{specPath}volumes[{i}].image.reference", volume.ScalarAt("name"));
                }
            }
        }
    }

    private static ImageOccurrence Occurrence(PodTemplateSite pod, YamlScalar scalar, string field, string? container)
    {
        var text = scalar.Value;
        var usesParameters = pod.Owner.TemplateParameters is not null && TemplateParameters.HasReference(text);
        if (usesParameters && !pod.Owner.TemplateParameters!.TryResolve(text, out text, out var reason))
        {
            return new ImageOccurrence(pod, scalar, field, container, null, null)
            {
                UsesParameters = true,
                NotEvaluated = reason,
            };
        }
        return ImageReference.TryParse(text, out var reference, out var error)
            ? new ImageOccurrence(pod, scalar, field, container, reference, null) { UsesParameters = usesParameters }
            : new ImageOccurrence(pod, scalar, field, container, null, error) { UsesParameters = usesParameters };
    }
}
