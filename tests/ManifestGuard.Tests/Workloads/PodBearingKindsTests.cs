using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Workloads;

/// <summary>
/// Operators' kinds that run pods, read from fixtures transcribed from each project's own examples
/// (TestData/Workloads/upstream, which name the upstream files): every image with its field path,
/// container, line and column.
/// </summary>
public class PodBearingKindsTests
{
    private static SourceText Upstream(string name) =>
        new(name, null, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Workloads", "upstream", name)));

    private static List<ImageOccurrence> ImagesOf(SourceText source, IReadOnlyList<CustomWorkload>? custom = null)
    {
        var parsed = YamlDocumentParser.Parse(source.Text);
        Assert.Null(parsed.Error);
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        return [.. parsed.Documents
            .SelectMany(d => ImageExtractor.Objects(source, d))
            .SelectMany(o => ImageExtractor.Pods(o, custom))
            .SelectMany(p => ImageExtractor.Images(p, seen))];
    }

    private static List<(string Kind, string Field, string? Container, int Line, int Column)> Rows(
        IEnumerable<ImageOccurrence> images) =>
        [.. images.Select(i =>
            (i.Pod.Owner.Identity.Kind, i.Field, i.Container, i.Scalar.Span.StartLine, i.Scalar.Span.StartColumn))];

    /// <summary>The column where <paramref name="raw"/> starts on its line, checked against the text itself.</summary>
    private static void AssertPositionsPointAtTheImage(SourceText source, IEnumerable<ImageOccurrence> images)
    {
        foreach (var image in images)
        {
            var line = source.Text.Split('\n')[image.Scalar.Span.StartLine - 1];
            Assert.Equal(line.IndexOf(image.Raw, StringComparison.Ordinal) + 1, image.Scalar.Span.StartColumn);
        }
    }

    [Fact]
    public void Prometheus_operator_kinds_yield_spec_image_the_thanos_sidecar_and_their_containers()
    {
        var source = Upstream("prometheus-operator.yaml");
        var images = ImagesOf(source);

        Assert.Equal(
            [
                ("Prometheus", "spec.containers[0].image", "oauth-proxy", 27, 12),
                ("Prometheus", "spec.initContainers[0].image", "init-config", 24, 12),
                ("Prometheus", "spec.image", "prometheus", 13, 10),
                ("Prometheus", "spec.thanos.image", "thanos-sidecar", 21, 12),
                ("Alertmanager", "spec.image", "alertmanager", 36, 10),
                ("ThanosRuler", "spec.image", "thanos-ruler", 45, 10),
            ],
            Rows(images));
        AssertPositionsPointAtTheImage(source, images);
        Assert.Equal("quay.io/prometheus/prometheus:v2.40.1", images[2].Reference?.Normalized);
    }

    [Fact]
    public void Tekton_steps_sidecars_step_templates_and_embedded_specs_at_any_depth_are_read()
    {
        var source = Upstream("tekton.yaml");
        var images = ImagesOf(source);

        Assert.Equal(
            [
                ("TaskRun", "spec.taskSpec.steps[0].image", "check-ready", 18, 14),
                ("TaskRun", "spec.taskSpec.sidecars[0].image", "slow-sidecar", 14, 14),
                ("Task", "spec.steps[0].image", "foo", 36, 14),
                ("Task", "spec.stepTemplate.image", null, 30, 12),
                ("ClusterTask", "spec.steps[0].image", "echo", 48, 14),
                ("PipelineRun", "spec.pipelineSpec.tasks[0].taskSpec.steps[0].image", "echo", 66, 22),
                ("Pipeline", "spec.tasks[0].pipelineSpec.tasks[0].taskSpec.steps[0].image", "echo", 84, 26),
                ("Pipeline", "spec.finally[0].taskSpec.steps[0].image", "report", 91, 20),
            ],
            Rows(images));
        AssertPositionsPointAtTheImage(source, images);
    }

    [Fact]
    public void Argo_workflow_templates_yield_container_script_init_containers_sidecars_and_container_sets()
    {
        var source = Upstream("argo-workflows.yaml");
        var images = ImagesOf(source);

        Assert.Equal(
            [
                ("Workflow", "spec.templates[0].sidecars[0].image", "influxdb", 18, 14),
                ("Workflow", "spec.templates[0].container.image", "main", 14, 14),
                ("Workflow", "spec.templates[1].initContainers[0].image", "hello", 26, 14),
                ("Workflow", "spec.templates[1].container.image", "main", 22, 14),
                ("WorkflowTemplate", "spec.templates[1].script.image", "main", 42, 14),
                ("WorkflowTemplate", "spec.templates[2].containerSet.containers[0].image", "a", 53, 18),
                ("WorkflowTemplate", "spec.templates[2].containerSet.containers[1].image", "b", 55, 18),
                ("ClusterWorkflowTemplate", "spec.templates[0].container.image", "main", 69, 14),
                ("CronWorkflow", "spec.workflowSpec.templates[0].container.image", "main", 85, 18),
            ],
            Rows(images));
        AssertPositionsPointAtTheImage(source, images);
    }

    [Fact]
    public void OpenShift_template_objects_are_read_with_parameter_defaults_and_images_without_one_are_not_evaluated()
    {
        var source = Upstream("openshift-template.yaml");
        var images = ImagesOf(source);

        Assert.Equal(
            [
                ("DeploymentConfig", "objects[0].spec.template.spec.containers[0].image", "registry-console", 40, 22),
                ("DeploymentConfig", "objects[0].spec.template.spec.containers[1].image", "console-next", 43, 22),
                ("DeploymentConfig", "objects[0].spec.template.spec.containers[2].image", "proxy", 46, 22),
            ],
            Rows(images));
        Assert.Equal("docker.io/cockpit/kubernetes:v1.2", images[1].Reference?.Normalized);
        Assert.True(images[1].UsesParameters);
        Assert.Null(images[2].Reference);
        Assert.Null(images[2].Error);
        Assert.Contains("PROXY_IMAGE has no default value", images[2].NotEvaluated, StringComparison.Ordinal);
        Assert.False(images[0].UsesParameters);
    }

    [Fact]
    public void A_check_judges_resolved_template_images_and_lists_unevaluated_ones_without_findings()
    {
        var source = Upstream("openshift-template.yaml");
        var result = new ManifestScanner(ManifestGuardConfig.Default, RuleCatalog.Default) { MaxParallelism = 1 }
            .Scan([], Path.GetTempPath(), new SourceText("template.yaml", null, source.Text));

        Assert.Equal(3, result.Images.Count);
        var parameterized = Assert.Single(result.Findings, f => f.RuleId == RuleIds.ImageNotPinned && f.Span.StartLine == 43);
        Assert.Contains("parameter defaults as \"docker.io/cockpit/kubernetes:v1.2\"", parameterized.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Findings, f => f.Span.StartLine == 46);
        Assert.DoesNotContain(result.Findings, f => f.RuleId == RuleIds.InvalidImageReference);
        Assert.NotNull(result.Images.Single(i => i.Span.StartLine == 46).NotEvaluated);
    }

    [Theory]
    [InlineData("openshift-template.yaml", new[] { 40 })]
    [InlineData("tekton.yaml", new[] { 30, 36, 48, 66, 84, 91 })]
    [InlineData("argo-workflows.yaml", new[] { 14, 18, 22, 26, 42, 53, 55, 69, 85 })]
    [InlineData("prometheus-operator.yaml", new[] { 13, 21, 24, 27, 36, 45 })]
    public void Pin_targets_every_unpinned_image_of_the_new_kinds_but_never_a_template_parameter(string file, int[] lines)
    {
        var text = Upstream(file).Text;
        var snapshot = ManifestGuard.Pinning.ManifestFileSnapshot.FromBytes(file, System.Text.Encoding.UTF8.GetBytes(text));

        var targets = ManifestGuard.Pinning.PinTargetFinder.Find(snapshot, file, ManifestGuardConfig.Default, isHelmValues: false);

        Assert.Equal(lines, targets.Select(t => t.Span.StartLine).Order());
    }

    [Theory]
    [InlineData("prometheus-operator.yaml", 18, "spec.podMetadata.annotations[oracle.image-policy.k8s.io/break-glass]")]
    [InlineData("argo-workflows.yaml", 49, "spec.templates[2].metadata.annotations[oracle.image-policy.k8s.io/break-glass]")]
    public void Break_glass_is_read_from_the_metadata_the_pods_get(string file, int line, string field)
    {
        var finding = Assert.Single(TestScan.Active(Upstream(file).Text, RuleIds.BreakGlassUsed));

        Assert.Equal(line, finding.Span.StartLine);
        Assert.Equal(field, finding.Field);
    }

    [Fact]
    public void Custom_workload_fields_with_wildcards_yield_each_image_once()
    {
        const string Text = """
            apiVersion: example.com/v1
            kind: MyApp
            metadata:
              name: shop
            spec:
              image: registry.example.com/shop/web:2.1
              components:
                - name: worker
                  image: registry.example.com/shop/worker:2.1
                - name: cache
                  image: redis:7
            ---
            apiVersion: other.example.org/v1
            kind: MyApp
            spec:
              image: registry.example.com/not-this:1
            """;
        var custom = new[]
        {
            new CustomWorkload("MyApp", "example.com", [FieldPath.Of("spec.image"), FieldPath.Of("spec.components[*].image")]),
        };

        var images = ImagesOf(new SourceText("app.yaml", null, Text), custom);

        Assert.Equal(
            [
                ("MyApp", "spec.image", null, 6, 10),
                ("MyApp", "spec.components[0].image", "worker", 9, 14),
                ("MyApp", "spec.components[1].image", "cache", 11, 14),
            ],
            Rows(images));
        Assert.Empty(ImagesOf(new SourceText("app.yaml", null, Text)));
    }

    [Fact]
    public void Leaving_out_documents_the_scan_does_not_read_keeps_every_new_kind_and_custom_kinds()
    {
        using var dir = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "Workloads", "upstream")))
        {
            dir.Write("upstream/" + Path.GetFileName(file), File.ReadAllText(file));
        }
        dir.Write("custom/app.yaml", "apiVersion: example.com/v1\nkind: MyApp\nmetadata: {name: a}\nspec:\n  image: nginx:latest\n");
        dir.Write(".manifestguard.yaml", "workloads:\n  - kind: MyApp\n    images: [spec.image]\n");
        var plan = ScanPlan.Prepare([dir.Path], null, dir.Path);

        var every = new ManifestScanner(plan.Config, RuleCatalog.Default) { ReadsEveryDocument = true }
            .Scan(plan.Inputs, plan.RootDirectory);
        var filtered = new ManifestScanner(plan.Config, RuleCatalog.Default).Scan(plan.Inputs, plan.RootDirectory);

        static IEnumerable<string> Images(ScanResult r) => r.Images.Select(i => $"{i.File}:{i.Span.StartLine}:{i.Span.StartColumn} {i.Field}");
        static IEnumerable<string> Findings(ScanResult r) => r.Findings.Select(f => $"{f.File}:{f.Span} {f.RuleId} {f.Message}");
        Assert.Equal(Images(every), Images(filtered));
        Assert.Equal(Findings(every), Findings(filtered));
        Assert.Equal(27, filtered.Images.Count);
        Assert.Contains(filtered.Findings, f => f.File == "custom/app.yaml" && f.RuleId == RuleIds.ImageLatestTag && f.Span.StartLine == 5);
    }
}
