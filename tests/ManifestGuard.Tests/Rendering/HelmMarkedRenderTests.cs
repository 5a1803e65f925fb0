using ManifestGuard.Analysis;
using ManifestGuard.Rendering;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rendering;

/// <summary>
/// How many marked renders a chart costs, counted by a `helm` wrapper that logs each call and runs the real
/// Helm: variants whose marked values are the same text share one, the distinct texts of a chart's variants are
/// rendered in one batch (the chart as an alias per text), a variant whose batched render does not line up with
/// its own falls back to a render of its own, a chart whose images hold no values string gets none; placement
/// stays exact in each case.
/// </summary>
[Trait(Requires.Trait, Requires.Helm)]
public sealed class HelmMarkedRenderTests : IDisposable
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{ .Release.Name }}-web
        spec:
          containers:
            - name: web
              image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
            {{- if .Values.sidecar.enabled }}
            - name: sidecar
              image: {{ .Values.sidecar.image }}
            {{- end }}
        """;

    private const string Values = """
        image:
          repository: nginx
          tag: "1.27.1"
        sidecar:
          enabled: false
          image: busybox:latest
        """;

    /// <summary>A values schema that the marker of a tag breaks (markers are not version numbers).</summary>
    private const string TagSchema = """
        {"type": "object", "properties": {"image": {"type": "object",
          "properties": {"tag": {"type": "string", "pattern": "^[0-9.]+$"}}}}}
        """;

    private readonly TempDirectory _tools = new();
    private readonly TempDirectory _repository = new();
    private readonly string _log;

    public HelmMarkedRenderTests()
    {
        _log = _tools.Combine("helm-calls.log");
        var helm = RendererProcess.FindOnPath("helm");
        Assert.True(helm is not null, "helm is not on PATH");
        var wrapper = _tools.Write("helm-logged", $"#!/bin/sh\necho \"$*\" >> '{_log}'\nexec '{helm}' \"$@\"\n");
        Assert.False(OperatingSystem.IsWindows());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        _repository.Write(".manifestguard.yaml", $"render:\n  helm: {wrapper}\n");
        _repository.Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        _repository.Write("charts/web/templates/pod.yaml", Pod);
    }

    public void Dispose()
    {
        _repository.Dispose();
        _tools.Dispose();
    }

    /// <summary>The helm calls of the scan: all, and those of marked renders (values in a temp folder).</summary>
    private (int All, int Marked) Calls()
    {
        var lines = File.Exists(_log) ? File.ReadAllLines(_log) : [];
        return (lines.Length, lines.Count(line => line.Contains("manifestguard-helm-", StringComparison.Ordinal)));
    }

    private ScanResult Scan() => RenderScan.Run(_repository);

    /// <summary>values.yaml, and a staging variant that turns the sidecar on (a marked text of its own).</summary>
    private void WriteValuesAndStaging()
    {
        _repository.Write("charts/web/values.yaml", Values);
        _repository.Write("charts/web/values-staging.yaml", "sidecar:\n  enabled: true\n");
    }

    /// <summary>The tags of both variants placed at values.yaml's lines (web image, staging sidecar).</summary>
    private static void AssertPlacedAtValuesLines(ScanResult result)
    {
        Assert.Equal("charts/web/values.yaml:3", TagAt(result, "web", ""));
        Assert.Equal("charts/web/values.yaml:3", TagAt(result, "web", "values-staging.yaml"));
        Assert.Equal("charts/web/values.yaml:6", TagAt(result, "sidecar", "values-staging.yaml"));
    }

    /// <summary>`file:line` of the values line that set the tag of a container's image in one variant.</summary>
    private static string TagAt(ScanResult result, string container, string variant)
    {
        var origin = variant.Length == 0 ? "chart charts/web" : $"chart charts/web with {variant}";
        var image = Assert.Single(result.Images, i => i.Container == container && i.Placement!.Origin == origin);
        return $"{image.Placement!.Tag?.File}:{image.Placement.Tag?.Span.StartLine}";
    }

    /// <summary>A helm older than `--skip-schema-validation`: it refuses the flag as any unknown one.</summary>
    private void WithHelmLackingSkipSchemaValidation()
    {
        var helm = RendererProcess.FindOnPath("helm");
        var script = $"""
            #!/bin/sh
            echo "$*" >> '{_log}'
            for argument in "$@"; do
              if [ "$argument" = --skip-schema-validation ]; then
                echo "Error: unknown flag: --skip-schema-validation" >&2
                exit 1
              fi
            done
            exec '{helm}' "$@"

            """;
        File.WriteAllText(_tools.Combine("helm-logged"), script);
    }

    [Fact]
    public void A_values_prod_that_overrides_a_tag_shares_the_marked_render_and_is_placed_at_its_own_line()
    {
        _repository.Write("charts/web/values.yaml", Values);
        _repository.Write("charts/web/values-prod.yaml", "image:\n  tag: latest\n");

        var result = Scan();

        Assert.Equal((3, 1), Calls());
        var latest = RenderScan.Single(result, "MG102", "charts/web/values-prod.yaml");
        Assert.Equal((2, 8), (latest.Span.StartLine, latest.Span.StartColumn));
        var prod = Assert.Single(result.Images, i => i.Raw == "nginx:latest");
        Assert.Equal(("charts/web/values.yaml", 2), (prod.Placement!.Name!.File, prod.Placement.Name.Span.StartLine));
        var pinBase = RenderScan.Single(result, "MG101", "charts/web/values.yaml");
        Assert.Equal(3, pinBase.Span.StartLine);
    }

    [Fact]
    public void A_variant_that_flips_a_boolean_is_marked_in_the_same_batch_as_values_yaml()
    {
        WriteValuesAndStaging();

        var result = Scan();

        Assert.Equal((3, 1), Calls());
        // The sidecar exists only in the staging render, and its image is placed at values.yaml's line.
        var sidecar = RenderScan.Single(result, "MG102", "charts/web/values.yaml");
        Assert.Equal(6, sidecar.Span.StartLine);
        Assert.Contains("chart charts/web with values-staging.yaml", sidecar.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_values_file_with_a_merge_key_falls_back_to_markers_by_position_and_still_places_exactly()
    {
        _repository.Write("charts/web/values.yaml", """
            defaults: &defaults
              repository: nginx
              tag: "1.27.1"
            image:
              <<: *defaults
              tag: latest
            sidecar:
              enabled: false
              image: busybox:1.36
            """);

        var result = Scan();

        Assert.Equal((2, 1), Calls());
        var latest = RenderScan.Single(result, "MG102", "charts/web/values.yaml");
        Assert.Equal(6, latest.Span.StartLine);
        var image = Assert.Single(result.Images, i => i.Container == "web");
        Assert.Equal("nginx:latest", image.Raw);
        Assert.Equal(2, image.Placement!.Name!.Span.StartLine);
    }

    [Fact]
    public void A_chart_whose_images_hold_no_values_string_renders_no_marked_values()
    {
        _repository.Write(
            "charts/web/values.yaml", "image:\n  repository: \"\"\nsidecar:\n  enabled: false\nname: web\n");
        _repository.Write(
            "charts/web/templates/pod.yaml",
            Pod.Replace(
                "\"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"",
                "nginx:1.27.1",
                StringComparison.Ordinal));

        var result = Scan();

        Assert.Equal((1, 0), Calls());
        var pin = RenderScan.Single(result, "MG101", "charts/web/templates/pod.yaml");
        Assert.Equal(8, pin.Span.StartLine);
    }

    [Fact]
    public void Three_variants_take_one_marked_render_and_each_image_is_placed_at_its_own_values_line()
    {
        WriteValuesAndStaging();
        _repository.Write("charts/web/values-prod.yaml", "replicas: 3\nimage:\n  tag: \"1.27.2\"\n");

        var result = Scan();

        Assert.Equal((4, 1), Calls());
        AssertPlacedAtValuesLines(result);
        Assert.Equal("charts/web/values-prod.yaml:3", TagAt(result, "web", "values-prod.yaml"));
        Assert.Single(result.Images, i => i.Container == "sidecar");
    }

    [Fact]
    public void The_batch_links_to_the_chart_and_removes_only_its_link_leaving_the_chart_as_it_was()
    {
        WriteValuesAndStaging();
        _repository.Write("charts/web/values-prod.yaml", "replicas: 3\nimage:\n  tag: \"1.27.2\"\n");
        var chart = _repository.Combine("charts/web");
        Dictionary<string, string> Contents() => Directory
            .GetFiles(chart, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(chart, path), File.ReadAllText, StringComparer.Ordinal);
        var before = Contents();

        Scan();

        // The temporary parent chart holds a link to the chart: deleting it must not delete through the link.
        Assert.Equal((4, 1), Calls());
        Assert.Equal(before, Contents());
    }

    [Fact]
    public void An_image_holding_the_chart_name_renders_otherwise_as_an_alias_and_falls_back_to_its_own_render()
    {
        _repository.Write(
            "charts/web/values.yaml", Values.Replace("nginx", "docker.io/library", StringComparison.Ordinal));
        _repository.Write("charts/web/values-staging.yaml", "sidecar:\n  enabled: true\n");
        _repository.Write(
            "charts/web/templates/pod.yaml",
            Pod.Replace(
                "}}:{{ .Values.image.tag }}",
                "}}/{{ .Chart.Name }}:{{ .Values.image.tag }}",
                StringComparison.Ordinal));

        var result = Scan();

        // The batch, then one render of its own per variant: in the batch the image reads `.../v0:...`.
        Assert.Equal((5, 3), Calls());
        Assert.Equal("docker.io/library/web:1.27.1", Assert.Single(result.Images, i => i.Container == "web"
            && i.Placement!.Origin == "chart charts/web").Raw);
        AssertPlacedAtValuesLines(result);
    }

    [Fact]
    public void A_dependency_under_charts_with_global_values_renders_in_the_batch_and_is_placed_exactly()
    {
        _repository.Write(
            "charts/web/values.yaml", Values + "\nglobal:\n  registry: docker.io\ndb:\n  tag: \"16.1\"\n");
        _repository.Write("charts/web/values-prod.yaml", "sidecar:\n  enabled: true\nglobal:\n  registry: quay.io\n");
        _repository.Write("charts/web/charts/db/Chart.yaml", "apiVersion: v2\nname: db\nversion: 1.0.0\n");
        _repository.Write("charts/web/charts/db/values.yaml", "tag: \"15\"\n");
        _repository.Write("charts/web/charts/db/templates/pod.yaml", """
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{ .Release.Name }}-db
            spec:
              containers:
                - name: db
                  image: "{{ .Values.global.registry }}/postgres:{{ .Values.tag }}"
            """);

        var result = Scan();

        Assert.Equal((3, 1), Calls());
        var db = Assert.Single(result.Images, i => i.Container == "db"
            && i.Placement!.Origin == "chart charts/web with values-prod.yaml");
        Assert.Equal("quay.io/postgres:16.1", db.Raw);
        Assert.Equal(("charts/web/values-prod.yaml", 4), (db.Placement!.Name!.File, db.Placement.Name.Span.StartLine));
        Assert.Equal("charts/web/values.yaml:10", TagAt(result, "db", "values-prod.yaml"));
        var defaults = Assert.Single(
            result.Images, i => i.Container == "db" && i.Placement!.Origin == "chart charts/web");
        Assert.Equal(
            ("charts/web/values.yaml", 8), (defaults.Placement!.Name!.File, defaults.Placement.Name.Span.StartLine));
    }

    [Fact]
    public void A_values_schema_that_a_marker_breaks_is_skipped_for_the_marked_render()
    {
        WriteValuesAndStaging();
        _repository.Write("charts/web/values.schema.json", TagSchema);

        var result = Scan();

        Assert.Equal((3, 1), Calls());
        AssertPlacedAtValuesLines(result);
    }

    [Fact]
    public void A_helm_without_skip_schema_validation_runs_the_marked_renders_again_without_it()
    {
        WriteValuesAndStaging();
        WithHelmLackingSkipSchemaValidation();

        var result = Scan();

        // The batch refused with the flag, then rendered without it.
        Assert.Equal((4, 2), Calls());
        AssertPlacedAtValuesLines(result);
    }

    [Fact]
    public void A_batch_that_fails_as_a_whole_gives_each_variant_a_marked_render_of_its_own()
    {
        WriteValuesAndStaging();
        _repository.Write(
            "charts/web/templates/check.yaml", "{{- if ne .Chart.Name \"web\" }}{{ fail \"renamed\" }}{{- end }}\n");

        var result = Scan();

        Assert.Equal((5, 3), Calls());
        AssertPlacedAtValuesLines(result);
    }
}
