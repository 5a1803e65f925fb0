using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rendering;

/// <summary>
/// Kustomization roots rendered by the real kustomize (`kubectl kustomize` here), each finding placed where
/// a user fixes it: the overlay's `images:` entry when that set the part at fault, else the base's `image:`.
/// </summary>
public sealed class KustomizeRenderingTests
{
    private const string Digest = "sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a";

    private const string BaseDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: nginx:1.27
        """;

    private static TempDirectory Repository(string config = "")
    {
        var repository = new TempDirectory();
        repository.Write(".manifestguard.yaml", config.Length == 0 ? "registries:\n  blocked: [evil.example.com]\n" : config);
        repository.Write("base/deployment.yaml", BaseDeployment);
        repository.Write("base/kustomization.yaml", "resources:\n  - deployment.yaml\n");
        return repository;
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Kubectl)]
    public void An_overlay_that_renames_to_a_blocked_registry_with_latest_is_reported_at_its_entry_lines()
    {
        using var repository = Repository();
        repository.Write("overlays/prod/kustomization.yaml", """
            resources:
              - ../../base
            images:
              - name: nginx
                newName: evil.example.com/nginx
                newTag: latest
            """);

        var result = RenderScan.Run(repository);

        Assert.Equal(
            ["overlays/prod/kustomization.yaml:5 MG202", "overlays/prod/kustomization.yaml:6 MG102"],
            RenderScan.Places(result).Order(StringComparer.Ordinal));
        var blocked = RenderScan.Single(result, "MG202", "overlays/prod/kustomization.yaml");
        Assert.Equal(14, blocked.Span.StartColumn);
        Assert.Contains("evil.example.com/nginx:latest", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("kustomization overlays/prod", blocked.Message, StringComparison.Ordinal);
        // The base as written (nginx:1.27) is not what the cluster runs: no finding there.
        Assert.DoesNotContain(result.Findings, f => f.File == "base/deployment.yaml");
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Kubectl)]
    public void An_overlay_that_pins_by_digest_leaves_nothing_to_report()
    {
        using var repository = Repository();
        repository.Write("overlays/prod/kustomization.yaml", $"""
            resources:
              - ../../base
            images:
              - name: nginx
                digest: {Digest}
            """);

        var result = RenderScan.Run(repository);

        Assert.Empty(result.Findings);
        var image = Assert.Single(result.Images);
        Assert.Equal($"nginx@{Digest}", image.Raw);
        Assert.Equal("base/deployment.yaml", image.File);
        Assert.Equal("kustomization overlays/prod", image.Placement?.Origin);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Kubectl)]
    public void A_base_shared_by_two_roots_is_reported_once_at_its_image_naming_both_roots()
    {
        using var repository = Repository();
        repository.Write("overlays/staging/kustomization.yaml", "resources:\n  - ../../base\nnamePrefix: staging-\n");
        repository.Write("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\nnamePrefix: prod-\n");

        var result = RenderScan.Run(repository);

        var finding = RenderScan.Single(result, "MG101", "base/deployment.yaml");
        Assert.Equal(10, finding.Span.StartLine);
        Assert.Contains("kustomization overlays/prod; kustomization overlays/staging", finding.Message, StringComparison.Ordinal);
        Assert.Equal(["Deployment/prod-web", "Deployment/staging-web"], result.Images.Select(i => i.Resource.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Kubectl)]
    public void Nested_overlays_and_components_place_each_part_at_the_entry_that_set_it()
    {
        using var repository = Repository("requireDigest: []\n");
        repository.Write("overlays/staging/kustomization.yaml", """
            resources:
              - ../../base
            images:
              - name: nginx
                newName: registry.example.com/mirror/nginx
            """);
        repository.Write("components/latest/kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            images:
              - name: registry.example.com/mirror/nginx
                newTag: latest
            """);
        repository.Write("overlays/prod/kustomization.yaml", """
            resources:
              - ../staging
            components:
              - ../../components/latest
            """);

        var result = RenderScan.Run(repository);

        // Only prod is a root: staging is included by prod, and the component by prod.
        var image = Assert.Single(result.Images);
        Assert.Equal("registry.example.com/mirror/nginx:latest", image.Raw);
        Assert.Equal("kustomization overlays/prod", image.Placement?.Origin);
        Assert.Equal(("overlays/staging/kustomization.yaml", 5), (image.Placement!.Name!.File, image.Placement.Name.Span.StartLine));
        Assert.Equal(("components/latest/kustomization.yaml", 5), (image.Placement.Tag!.File, image.Placement.Tag.Span.StartLine));
        Assert.Equal(5, RenderScan.Single(result, "MG102", "components/latest/kustomization.yaml").Span.StartLine);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Kubectl)]
    public void A_component_no_kustomization_uses_is_not_rendered_as_a_root()
    {
        using var repository = Repository();
        repository.Write("components/unused/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n  - name: nginx\n    newTag: latest\n");

        var result = RenderScan.Run(repository);

        // Rendered alone, kustomize refuses a Component; the base is the only root and reports as written.
        Assert.Equal(["base/deployment.yaml:10 MG101"], RenderScan.Places(result));
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Kubectl)]
    public void A_render_failure_is_one_finding_at_the_root_and_the_scan_goes_on()
    {
        using var repository = Repository();
        repository.Write("overlays/broken/kustomization.yaml", "resources:\n  - ../../base\n  - missing.yaml\n");
        repository.Write("plain/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: busybox:latest\n");

        var result = RenderScan.Run(repository);

        var failure = RenderScan.Single(result, "MG901", "overlays/broken/kustomization.yaml");
        Assert.Contains("missing.yaml", failure.Message, StringComparison.Ordinal);
        Assert.Contains(result.Findings, f => f.RuleId == "MG102" && f.File == "plain/pod.yaml");
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Kubectl)]
    public void Scanning_only_a_base_file_checks_it_as_the_roots_that_include_it_deploy_it()
    {
        using var repository = Repository();
        repository.Write("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\nimages:\n  - name: nginx\n    newTag: latest\n");

        var result = RenderScan.Run(repository, "base/deployment.yaml");

        // A `latest` tag is one problem, one finding: MG102 (it also says to pin).
        Assert.Equal(["overlays/prod/kustomization.yaml:5 MG102"], RenderScan.Places(result));
    }

    [Fact]
    public void Files_outside_kustomizations_are_scanned_as_written_and_rendering_can_be_switched_off()
    {
        using var repository = Repository("render:\n  enabled: false\n");
        repository.Write("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\nimages:\n  - name: nginx\n    newTag: latest\n");

        var result = RenderScan.Run(repository);

        Assert.Equal(["base/deployment.yaml:10 MG101"], RenderScan.Places(result));
        Assert.Null(Assert.Single(result.Images).Placement);
    }
}
