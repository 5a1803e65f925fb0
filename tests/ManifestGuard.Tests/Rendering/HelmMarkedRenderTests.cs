using ManifestGuard.Analysis;
using ManifestGuard.Rendering;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rendering;

/// <summary>
/// How many marked renders a chart costs, counted by a `helm` wrapper that logs each call and runs the real
/// Helm: variants whose marked values are the same text share one, a variant that changes a boolean gets its
/// own, a chart whose images hold no values string gets none; placement stays exact in each case.
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
    public void A_variant_that_flips_a_boolean_gets_a_marked_render_of_its_own()
    {
        _repository.Write("charts/web/values.yaml", Values);
        _repository.Write("charts/web/values-staging.yaml", "sidecar:\n  enabled: true\n");

        var result = Scan();

        Assert.Equal((4, 2), Calls());
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
}
