using System.Text;
using ManifestGuard.Discovery;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Workloads;

public class ImageExtractorTests
{
    private const string Image = "registry.example.com/app:1.0";

    private static SourceText Source(string text, string name = "manifest.yaml") => new(name, null, text);

    private static SourceText DataFile(string name) =>
        Source(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Workloads", name)), name);

    private static List<ImageOccurrence> ImagesOf(SourceText source)
    {
        var parsed = YamlDocumentParser.Parse(source.Text);
        Assert.Null(parsed.Error);
        return [.. parsed.Documents
            .SelectMany(d => ImageExtractor.Objects(source, d))
            .Select(ImageExtractor.PodTemplate)
            .OfType<PodTemplateSite>()
            .SelectMany(ImageExtractor.Images)];
    }

    /// <summary>
    /// An object whose pod template sits at <paramref name="templatePath"/> (dotted; empty for a Pod).
    /// </summary>
    private static string Manifest(string apiVersion, string kind, string templatePath)
    {
        var text = new StringBuilder($"apiVersion: {apiVersion}\nkind: {kind}\n");
        var indent = "";
        if (templatePath.Length == 0)
        {
            text.Append("metadata:\n  name: sample\n");
        }
        else
        {
            text.Append("metadata:\n  name: sample\n");
            foreach (var key in templatePath.Split('.'))
            {
                text.Append(indent).Append(key).Append(":\n");
                indent += "  ";
            }
            text.Append(indent).Append("metadata:\n").Append(indent).Append("  labels:\n").Append(indent).Append("    app: sample\n");
        }
        text.Append(indent).Append("spec:\n")
            .Append(indent).Append("  containers:\n")
            .Append(indent).Append("    - name: app\n")
            .Append(indent).Append("      image: ").Append(Image).Append('\n');
        return text.ToString();
    }

    // The kinds of WorkloadKinds, each at the path its API documents for the pod template.
    [Theory]
    [InlineData("v1", "Pod", "")]
    [InlineData("v1", "PodTemplate", "template")]
    [InlineData("apps/v1", "Deployment", "spec.template")]
    [InlineData("extensions/v1beta1", "Deployment", "spec.template")]
    [InlineData("apps/v1", "ReplicaSet", "spec.template")]
    [InlineData("apps/v1", "StatefulSet", "spec.template")]
    [InlineData("apps/v1", "DaemonSet", "spec.template")]
    [InlineData("v1", "ReplicationController", "spec.template")]
    [InlineData("batch/v1", "Job", "spec.template")]
    [InlineData("batch/v1", "CronJob", "spec.jobTemplate.spec.template")]
    [InlineData("apps.openshift.io/v1", "DeploymentConfig", "spec.template")]
    [InlineData("argoproj.io/v1alpha1", "Rollout", "spec.template")]
    [InlineData("serving.knative.dev/v1", "Service", "spec.template")]
    [InlineData("serving.knative.dev/v1", "Configuration", "spec.template")]
    [InlineData("serving.knative.dev/v1", "Revision", "")]
    [InlineData("example.com/v1", "BatchRunner", "spec.template")]
    public void Every_workload_kind_yields_its_image_with_field_path_and_position(string apiVersion, string kind, string templatePath)
    {
        var text = Manifest(apiVersion, kind, templatePath);
        var source = Source(text);

        var image = Assert.Single(ImagesOf(source));

        var prefix = templatePath.Length == 0 ? "" : templatePath + ".";
        Assert.Equal(prefix + "spec.containers[0].image", image.Field);
        Assert.Equal("app", image.Container);
        Assert.Equal(Image, image.Raw);
        Assert.Equal(kind, image.Pod.Owner.Identity.Kind);
        Assert.Equal("sample", image.Pod.Owner.Identity.Name);
        Assert.Equal(templatePath, image.Pod.Path);
        var lines = text.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("image:", StringComparison.Ordinal)) + 1;
        Assert.Equal((line, lines[line - 1].IndexOf(Image, StringComparison.Ordinal) + 1), (image.Scalar.Span.StartLine, image.Scalar.Span.StartColumn));
        if (templatePath.Length > 0)
        {
            Assert.Equal("sample", image.Pod.Metadata?.ScalarAt("labels", "app"));
        }
    }

    [Fact]
    public void Every_row_of_the_workload_table_is_covered_by_the_kind_theory()
    {
        // Adding a kind to WorkloadKinds should come with a row above; this names the ones without.
        var covered = new HashSet<string>(StringComparer.Ordinal)
        {
            "Pod", "PodTemplate", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController",
            "Job", "CronJob", "DeploymentConfig", "argoproj.io/Rollout", "serving.knative.dev/Service",
            "serving.knative.dev/Configuration", "serving.knative.dev/Revision",
            // Covered with upstream fixtures by PodBearingKindsTests.
            "monitoring.coreos.com/Prometheus", "monitoring.coreos.com/Alertmanager", "monitoring.coreos.com/ThanosRuler",
            "tekton.dev/Task", "tekton.dev/ClusterTask", "tekton.dev/TaskRun", "tekton.dev/Pipeline", "tekton.dev/PipelineRun",
            "argoproj.io/Workflow", "argoproj.io/WorkflowTemplate", "argoproj.io/ClusterWorkflowTemplate", "argoproj.io/CronWorkflow",
        };
        var uncovered = WorkloadKinds.All.Select(k => k.ApiGroup is null ? k.Kind : $"{k.ApiGroup}/{k.Kind}").Where(row => !covered.Contains(row));
        Assert.Equal("", string.Join(", ", uncovered));
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  image: nginx:1.25\n")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 1\n")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template: nginx:1.25\n")]
    [InlineData("apiVersion: example.com/v1\nkind: Widget\nspec:\n  image: nginx:1.25\n")]
    public void Objects_without_a_pod_template_yield_no_pod(string text)
    {
        var source = Source(text);
        var document = Assert.Single(YamlDocumentParser.Parse(text).Documents);

        var obj = Assert.Single(ImageExtractor.Objects(source, document));

        Assert.Null(ImageExtractor.PodTemplate(obj));
    }

    [Fact]
    public void A_knative_service_carries_a_pod_but_a_core_service_of_the_same_kind_name_does_not()
    {
        const string knative = "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: hello\nspec:\n  template:\n    spec:\n      containers:\n        - image: ghcr.io/knative/helloworld-go:1.0\n";
        const string core = "apiVersion: v1\nkind: Service\nmetadata:\n  name: hello\nspec:\n  type: ClusterIP\n  ports:\n    - port: 80\n";

        Assert.Equal(["spec.template.spec.containers[0].image"], ImagesOf(Source(knative)).Select(i => i.Field));
        Assert.Empty(ImagesOf(Source(core)));
        Assert.Equal("spec.template", string.Join('.', WorkloadKinds.TemplatePathOf("serving.knative.dev/v1", "Service") ?? []));
        Assert.Null(WorkloadKinds.TemplatePathOf("v1", "Service"));
    }

    [Theory]
    [InlineData("kind: Pod\nspec:\n  containers:\n    - image: nginx:1.25\n")]
    [InlineData("apiVersion: v1\nspec:\n  containers:\n    - image: nginx:1.25\n")]
    [InlineData("apiVersion: v1\nkind: \"\"\nspec:\n  containers:\n    - image: nginx:1.25\n")]
    [InlineData("image:\n  repository: nginx\n  tag: \"1.25\"\n")]
    [InlineData("- apiVersion: v1\n  kind: Pod\n  spec:\n    containers:\n      - image: nginx:1.25\n")]
    [InlineData("just a string\n")]
    public void Documents_that_are_not_kubernetes_objects_are_ignored(string text)
    {
        var source = Source(text);
        var document = Assert.Single(YamlDocumentParser.Parse(text).Documents);

        Assert.Empty(ImageExtractor.Objects(source, document));
    }

    [Fact]
    public void Every_container_list_and_image_volumes_are_read_in_order_with_their_field_paths()
    {
        var images = ImagesOf(DataFile("all-image-fields.yaml"));

        Assert.Equal(
            [
                ("spec.template.spec.containers[0].image", "app", "registry.example.com/shop/web:2.1", 18, 18),
                ("spec.template.spec.containers[1].image", "sidecar", "registry.example.com/shop/proxy:1.0", 20, 18),
                ("spec.template.spec.initContainers[0].image", "migrate", "registry.example.com/shop/migrate:2.1", 15, 18),
                ("spec.template.spec.ephemeralContainers[0].image", "debugger", "busybox:1.36", 24, 18),
                ("spec.template.spec.volumes[1].image.reference", "models", "registry.example.com/shop/models:2024-06", 31, 24),
            ],
            images.Select(i => (i.Field, i.Container!, i.Raw, i.Scalar.Span.StartLine, i.Scalar.Span.StartColumn)));
        Assert.All(images, i => Assert.Equal("shop", i.Pod.Owner.Identity.Namespace));
        Assert.All(images, i => Assert.NotNull(i.Reference));
    }

    [Fact]
    public void List_items_are_objects_of_their_own_with_the_item_index_in_the_field_path()
    {
        var source = DataFile("list.yaml");
        var document = Assert.Single(YamlDocumentParser.Parse(source.Text).Documents);

        var objects = ImageExtractor.Objects(source, document).ToList();
        var images = ImagesOf(source);

        Assert.Equal(["ConfigMap/settings", "Deployment/api", "Pod/debug"], objects.Select(o => o.Identity.ToString()));
        Assert.Equal(
            [
                ("items[1].spec.template.spec.containers[0].image", "Deployment", 19),
                ("items[2].spec.containers[0].image", "Pod", 27),
            ],
            images.Select(i => (i.Field, i.Pod.Owner.Identity.Kind, i.Scalar.Span.StartLine)));
    }

    [Fact]
    public void Typed_lists_such_as_DeploymentList_are_read_item_by_item()
    {
        const string text = "apiVersion: apps/v1\nkind: DeploymentList\nitems:\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: a\n    spec:\n      template:\n        spec:\n          containers:\n            - name: a\n              image: nginx:1.25\n";

        var image = Assert.Single(ImagesOf(Source(text)));

        Assert.Equal("items[0].spec.template.spec.containers[0].image", image.Field);
    }

    [Fact]
    public void A_reference_that_does_not_parse_is_still_an_occurrence_with_its_error()
    {
        var image = Assert.Single(ImagesOf(Source("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: Nginx:1.25\n")));

        Assert.Null(image.Reference);
        Assert.False(string.IsNullOrEmpty(image.Error));
    }
}
