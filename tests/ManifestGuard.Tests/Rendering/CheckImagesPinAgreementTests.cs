using System.Text.Json;
using ManifestGuard.Analysis;
using ManifestGuard.Rendering;
using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rendering;

/// <summary>
/// `check`, `images` and `pin` see the same images in a repository of overlays, a shared base, a chart with
/// two variants and a plain file: every unpinned image `images` lists has an MG101 from `check`, and `pin`
/// would write its digest exactly where that MG101 points.
/// </summary>
[Trait(Requires.Trait, Requires.Kubectl)]
[Trait(Requires.Trait, Requires.Helm)]
public sealed class CheckImagesPinAgreementTests
{
    [Fact]
    public void Check_images_and_pin_agree_on_the_rendered_images_and_their_places()
    {
        using var repository = new TempDirectory();
        repository.Write("base/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: web, image: nginx:1.27}\n        - {name: log, image: fluent/fluent-bit:3.1}\n");
        repository.Write("base/kustomization.yaml", "resources: [deployment.yaml]\n");
        repository.Write("overlays/prod/kustomization.yaml", "resources: [../../base]\nimages:\n  - name: nginx\n    newTag: \"1.27.2\"\n");
        repository.Write("overlays/dev/kustomization.yaml", "resources: [../../base]\nnamePrefix: dev-\n");
        repository.Write("charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 0.1.0\n");
        repository.Write("charts/api/values.yaml", "image:\n  repository: ghcr.io/acme/api\n  tag: \"2.0\"\n");
        repository.Write("charts/api/values-prod.yaml", "image:\n  tag: \"2.1\"\n");
        repository.Write("charts/api/templates/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: api}\nspec:\n  containers:\n    - name: api\n      image: {{ printf \"%s:%s\" .Values.image.repository .Values.image.tag | quote }}\n");
        repository.Write("plain/job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: j, image: \"busybox:1.36\"}\n");

        var plan = ScanPlan.Prepare(["."], null, repository.Path);
        var check = new ManifestScanner(plan.Config, global::ManifestGuard.Rules.RuleCatalog.Default).Scan(plan.Inputs, plan.RootDirectory);
        var images = CliRunner.Run(repository.Path, null, "images", ".", "--format", "json");
        var pins = RenderedPins.Prepare(plan);

        using var inventory = JsonDocument.Parse(images.Stdout);
        var listed = inventory.RootElement.EnumerateArray()
            .Where(i => i.GetProperty("digest").ValueKind == JsonValueKind.Null)
            .Select(i => i.GetProperty("normalized").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
        var checkedImages = check.Findings.Where(f => f.RuleId == "MG101").Select(f => f.NormalizedImage!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(
            ["docker.io/fluent/fluent-bit:3.1", "docker.io/library/busybox:1.36", "docker.io/library/nginx:1.27", "docker.io/library/nginx:1.27.2", "ghcr.io/acme/api:2.0", "ghcr.io/acme/api:2.1"],
            listed.Order(StringComparer.Ordinal));
        Assert.Equal(listed.Order(StringComparer.Ordinal), checkedImages.Order(StringComparer.Ordinal));
        Assert.Contains(inventory.RootElement.EnumerateArray(), i => i.TryGetProperty("renderedFrom", out var from) && from.GetString() == "chart charts/api with values-prod.yaml");

        // pin: the rendered images where their MG101 is, the plain file as written.
        var rendered = check.Findings.Where(f => f.RuleId == "MG101" && f.File != "plain/job.yaml")
            .Select(f => $"{f.File}:{f.Span.StartLine}:{f.Span.StartColumn} {f.NormalizedImage}").Order(StringComparer.Ordinal);
        var pinned = pins.Pins.Select(p => $"{p.DisplayPath}:{p.Span.StartLine}:{p.Span.StartColumn} {p.Reference.Normalized}").Order(StringComparer.Ordinal);
        Assert.Equal(rendered, pinned);
        Assert.Equal(["plain/job.yaml"], pins.FilesAsWritten.Select(f => f.DisplayPath));
    }
}
