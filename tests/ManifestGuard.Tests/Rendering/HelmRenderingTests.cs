using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rendering;

/// <summary>
/// Charts rendered by the real `helm template`, once per variant (values.yaml, then each values-*.yaml),
/// each image finding placed at the values line that set the part at fault, found by a render with marked
/// values; chart templates are never read as manifests.
/// </summary>
[Trait(Requires.Trait, Requires.Helm)]
public sealed class HelmRenderingTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}-web
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: "{{ with .Values.global.imageRegistry }}{{ . }}/{{ end }}{{ with .Values.image.registry }}{{ . }}/{{ end }}{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
                - name: metrics
                  image: prom/statsd-exporter:v0.26.0
        """;

    private static TempDirectory Chart(string values, string config = "registries:\n  blocked: [evil.example.com]\n")
    {
        var repository = new TempDirectory();
        repository.Write(".manifestguard.yaml", config);
        repository.Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: \"1.27.0\"\n");
        repository.Write("charts/web/values.yaml", values);
        repository.Write("charts/web/templates/deployment.yaml", Deployment);
        return repository;
    }

    private const string Values = """
        global:
          imageRegistry: ""
        image:
          registry: ""
          repository: nginx
          tag: "1.27.1"
        """;

    [Fact]
    public void A_tag_set_in_values_prod_is_reported_at_that_line_and_the_base_variant_at_values()
    {
        using var repository = Chart(Values);
        repository.Write("charts/web/values-prod.yaml", "image:\n  tag: latest\n");

        var result = RenderScan.Run(repository);

        var latest = RenderScan.Single(result, "MG102", "charts/web/values-prod.yaml");
        Assert.Equal((2, 8), (latest.Span.StartLine, latest.Span.StartColumn));
        Assert.Contains("chart charts/web with values-prod.yaml", latest.Message, StringComparison.Ordinal);
        var pinBase = Assert.Single(result.Findings, f => f.RuleId == "MG101" && f.File == "charts/web/values.yaml");
        Assert.Equal(6, pinBase.Span.StartLine);
        // The template's own image, the same in both variants: once, at its line in the template.
        var metrics = RenderScan.Single(result, "MG101", "charts/web/templates/deployment.yaml");
        Assert.Equal(16, metrics.Span.StartLine);
        Assert.Contains("chart charts/web; chart charts/web with values-prod.yaml", metrics.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Findings, f => f.RuleId is "MG901" or "MG103");
        Assert.Equal(
            ["docker.io/library/nginx:1.27.1", "docker.io/library/nginx:latest", "docker.io/prom/statsd-exporter:v0.26.0", "docker.io/prom/statsd-exporter:v0.26.0"],
            result.Images.Select(i => i.Reference!.Normalized).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_registry_repository_tag_triple_places_the_registry_at_its_own_line()
    {
        using var repository = Chart(Values.Replace("registry: \"\"", "registry: evil.example.com", StringComparison.Ordinal));

        var result = RenderScan.Run(repository);

        var blocked = RenderScan.Single(result, "MG202", "charts/web/values.yaml");
        Assert.Equal(4, blocked.Span.StartLine);
        var image = Assert.Single(result.Images, i => i.Container == "web");
        Assert.Equal("evil.example.com/nginx:1.27.1", image.Raw);
        Assert.Equal(6, image.Placement!.Tag!.Span.StartLine);
        Assert.Equal(4, image.Placement.Name!.Span.StartLine);
    }

    [Fact]
    public void A_global_image_registry_is_reported_at_the_global_value()
    {
        using var repository = Chart(Values.Replace("imageRegistry: \"\"", "imageRegistry: evil.example.com", StringComparison.Ordinal));

        var result = RenderScan.Run(repository);

        Assert.Equal(2, RenderScan.Single(result, "MG202", "charts/web/values.yaml").Span.StartLine);
    }

    [Fact]
    public void A_tag_from_the_chart_app_version_is_placed_at_the_template_saying_when_the_line_is_not_exact()
    {
        using var repository = Chart(Values.Replace("tag: \"1.27.1\"", "tag: \"\"", StringComparison.Ordinal), "disallowedTags: [\"1.27.0\"]\n");

        var result = RenderScan.Run(repository);

        // Two `image:` lines in the template, and the image is not written there literally: line 1, and said so.
        var tag = RenderScan.Single(result, "MG102", "charts/web/templates/deployment.yaml");
        Assert.Equal(1, tag.Span.StartLine);
        Assert.Contains("the line in the template is not determined", tag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vendored_dependency_renders_as_helm_renders_it()
    {
        using var repository = Chart(Values);
        repository.Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: \"1.27.0\"\ndependencies:\n  - name: cache\n    version: 0.1.0\n");
        repository.Write("charts/web/charts/cache/Chart.yaml", "apiVersion: v2\nname: cache\nversion: 0.1.0\n");
        repository.Write("charts/web/charts/cache/values.yaml", "image: redis:latest\n");
        repository.Write("charts/web/charts/cache/templates/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: cache\nspec:\n  containers:\n    - name: redis\n      image: {{ .Values.image }}\n");

        var result = RenderScan.Run(repository);

        var image = Assert.Single(result.Images, i => i.Container == "redis");
        Assert.Equal("redis:latest", image.Raw);
        Assert.Equal(("charts/web/charts/cache/templates/pod.yaml", 8), (image.File, image.Span.StartLine));
        Assert.DoesNotContain(result.Findings, f => f.RuleId is "MG901" or "MG103");
    }

    [Fact]
    public void A_missing_dependency_is_one_finding_at_chart_yaml()
    {
        using var repository = Chart(Values);
        repository.Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n  - name: cache\n    version: 0.1.0\n    repository: https://charts.example.com\n");
        repository.Write("charts/web/values-prod.yaml", "image:\n  tag: latest\n");

        var result = RenderScan.Run(repository);

        var failure = Assert.Single(result.Findings);
        Assert.Equal(("MG901", "charts/web/Chart.yaml"), (failure.RuleId, failure.File));
        Assert.Contains("cache", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_values_files_make_the_variants()
    {
        using var repository = Chart(Values, "render:\n  charts:\n    charts/web: [values-eu.yaml, [values-eu.yaml, values-canary.yaml]]\n");
        repository.Write("charts/web/values-eu.yaml", "image:\n  repository: registry.example.eu/nginx\n");
        repository.Write("charts/web/values-canary.yaml", "image:\n  tag: latest\n");
        repository.Write("charts/web/values-ignored.yaml", "image:\n  tag: ignored\n");

        var result = RenderScan.Run(repository);

        Assert.Equal(
            ["registry.example.eu/nginx:1.27.1", "registry.example.eu/nginx:latest"],
            result.Images.Where(i => i.Container == "web").Select(i => i.Raw).Order(StringComparer.Ordinal));
        Assert.Equal(2, RenderScan.Single(result, "MG102", "charts/web/values-canary.yaml").Span.StartLine);
    }
}
