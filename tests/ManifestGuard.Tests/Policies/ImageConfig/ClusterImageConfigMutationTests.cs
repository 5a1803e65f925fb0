using ManifestGuard.Findings;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.ImageConfig;

/// <summary>
/// The OpenShift 4 `Image` config as the cluster reads it: only `cluster` counts, an object the API server
/// refuses applies nothing, and its `allowedRegistriesForImport` (with the integrated registry from its
/// status) is applied to ImageStream imports.
/// </summary>
public sealed class ClusterImageConfigMutationTests
{
    private const string Stream = """
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
          namespace: demo
        spec:
          dockerImageRepository: ghcr.io/team/app
          tags:
          - name: internal
            from:
              kind: DockerImage
              name: image-registry.openshift-image-registry.svc:5000/team/app:v1
        ---

        """;

    private static string Image(string? name, string spec) =>
        "apiVersion: config.openshift.io/v1\nkind: Image\n"
        + (name is null ? "metadata: {}\n" : $"metadata:\n  name: {name}\n")
        + spec;

    [Fact]
    public void An_Image_config_not_named_cluster_is_a_warning_at_its_name()
    {
        var set = FromManifests(Image("other", "spec: {}\n"));

        var problem = Assert.Single(set.Problems);
        Assert.Equal(
            "Image/other: the cluster only reads the Image config named \"cluster\", so this one has no effect",
            problem.Message);
        Assert.Equal(
            ("MG304", FindingLevel.Warning, "Image/other", "cluster/policy.yaml"),
            (problem.RuleId, problem.Level, problem.Policy, problem.File));
        Assert.Equal((4, 9), (problem.Span.StartLine, problem.Span.StartColumn));
    }

    [Fact]
    public void An_Image_config_without_a_name_is_a_warning_at_the_object()
    {
        var set = FromManifests("---\n" + Image(null, "spec: {}\n"));

        var problem = Assert.Single(set.Problems);
        Assert.Equal(
            "Image/(unnamed): the cluster only reads the Image config named \"cluster\", so this one has no effect",
            problem.Message);
        Assert.Equal((2, 1), (problem.Span.StartLine, problem.Span.StartColumn));
    }

    [Fact]
    public void A_refused_object_names_itself_and_applies_nothing()
    {
        var set = FromManifests(Stream + Image(
            "cluster",
            "spec:\n  imageStreamImportMode: Bogus\n  allowedRegistriesForImport:\n  - domainName: quay.io\n"));

        var problem = Assert.Single(set.Problems);
        Assert.Equal(
            "Image/cluster: spec.imageStreamImportMode: Unsupported value: \"Bogus\": "
            + "supported values: \"\", \"Legacy\", \"PreserveOriginal\": "
            + "the API server refuses this object, so none of it is in force",
            problem.Message);
        Assert.Equal(("MG304", "Image/cluster", (FindingLevel?)null), (problem.RuleId, problem.Policy, problem.Level));
    }

    [Fact]
    public void Its_allowed_registries_for_import_refuse_imports_and_admit_the_integrated_registry()
    {
        var set = FromManifests(Stream + Image(
            "cluster",
            "spec:\n  allowedRegistriesForImport:\n  - domainName: quay.io\n"
            + "status:\n  internalRegistryHostname: image-registry.openshift-image-registry.svc:5000\n"));

        var refusal = Assert.Single(set.Problems);
        Assert.Equal(
            "The ImageStream/demo/app import of \"ghcr.io/team/app\" is refused: spec.dockerImageRepository: "
            + "Forbidden: registry \"ghcr.io\" not allowed by whitelist: "
            + "\"image-registry.openshift-image-registry.svc:5000\", \"quay.io:443\" "
            + "(Image/cluster spec.allowedRegistriesForImport)",
            refusal.Message);
        Assert.Equal(("MG302", "Image/cluster spec.allowedRegistriesForImport"), (refusal.RuleId, refusal.Policy));
    }
}
