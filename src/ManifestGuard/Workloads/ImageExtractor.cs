using ManifestGuard.Discovery;
using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Workloads;

/// <summary>
/// Finds pod templates in objects and image references in pod specs: every container list and image
/// volumes (`volumes[].image.reference`, Kubernetes 1.31+). Kinds come from <see cref="WorkloadKinds"/>;
/// an unknown kind with `spec.template.spec.containers` (a custom resource embedding a pod template)
/// counts too, and `List` kinds are read item by item.
/// </summary>
internal static class ImageExtractor
{
    private static readonly string[] ContainerLists = ["containers", "initContainers", "ephemeralContainers"];

    /// <summary>Where an object of a kind not in <see cref="WorkloadKinds"/> may carry a pod template.</summary>
    public static readonly (string Spec, string Template) CustomTemplate = ("spec", "template");

    private static readonly string[] CustomTemplatePath = [CustomTemplate.Spec, CustomTemplate.Template];

    /// <summary>The objects of a document: itself, or the items of a List.</summary>
    public static IEnumerable<ManifestObject> Objects(SourceText source, YamlNode document)
    {
        var root = ManifestObject.From(source, document);
        if (root is null)
        {
            yield break;
        }
        if (IsListKind(root.Identity.Kind) && root.Root["items"] is YamlSequence items)
        {
            // An item repeated by an alias is one object at one place in the file: read it once.
            var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < items.Items.Count; i++)
            {
                if (seen.Add(items.Items[i]) && ManifestObject.From(source, items.Items[i], $"items[{i}].") is { } item)
                {
                    yield return item;
                }
            }
            yield break;
        }
        yield return root;
    }

    /// <summary>`List`, `DeploymentList` ...: a document whose `items` are objects.</summary>
    public static bool IsListKind(string kind) => kind.EndsWith("List", StringComparison.Ordinal);

    /// <summary>The pod template of an object, or null when its kind carries none.</summary>
    public static PodTemplateSite? PodTemplate(ManifestObject obj)
    {
        var path = WorkloadKinds.TemplatePathOf(obj.Identity.ApiVersion, obj.Identity.Kind);
        if (path is null && obj.Root.At([.. CustomTemplatePath, "spec", "containers"]) is YamlSequence)
        {
            path = CustomTemplatePath;
        }
        if (path is null || obj.Root.At(path) is not YamlMapping template || template["spec"] is not YamlMapping spec)
        {
            return null;
        }
        return new PodTemplateSite(obj, string.Join('.', path), template["metadata"] as YamlMapping, spec);
    }

    public static IEnumerable<ImageOccurrence> Images(PodTemplateSite pod) => Images(pod, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance));

    /// <summary>
    /// The images of a pod, skipping container lists, containers and volumes already in <paramref name="seen"/>
    /// (shared by all pods of one file). Aliases let a short file repeat one list under many pods; each
    /// image scalar has one place in the file and is reported once, so the work stays linear in the file.
    /// </summary>
    public static IEnumerable<ImageOccurrence> Images(PodTemplateSite pod, ISet<YamlNode> seen)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(seen);
        var specPath = pod.FieldPrefix + "spec.";
        foreach (var list in ContainerLists)
        {
            if (pod.Spec[list] is not YamlSequence containers || !seen.Add(containers))
            {
                continue;
            }
            for (var i = 0; i < containers.Items.Count; i++)
            {
                if (containers.Items[i] is YamlMapping container && seen.Add(container) && container["image"] is YamlScalar image && !image.IsNull)
                {
                    yield return Occurrence(pod, image, $"{specPath}{list}[{i}].image", container.ScalarAt("name"));
                }
            }
        }
        if (pod.Spec["volumes"] is YamlSequence volumes && seen.Add(volumes))
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

    private static ImageOccurrence Occurrence(PodTemplateSite pod, YamlScalar scalar, string field, string? container) =>
        ImageReference.TryParse(scalar.Value, out var reference, out var error)
            ? new ImageOccurrence(pod, scalar, field, container, reference, null)
            : new ImageOccurrence(pod, scalar, field, container, null, error);
}
