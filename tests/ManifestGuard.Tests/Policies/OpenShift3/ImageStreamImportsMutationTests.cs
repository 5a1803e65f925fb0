using ManifestGuard.Policies;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.OpenShift3;

/// <summary>Which ImageStream sources the API server refuses under `allowedRegistriesForImport`, and where the refusal points.</summary>
public sealed class ImageStreamImportsMutationTests
{
    private const string MasterConfig = "kind: MasterConfig\nimagePolicyConfig:\n  allowedRegistriesForImport:\n  - domainName: quay.io\n";

    private static List<PolicyProblem> Refusals(string imageStreams, string masterConfig = MasterConfig)
    {
        var directory = Directory.CreateTempSubdirectory("mg-policies-");
        var path = Path.Combine(directory.FullName, "master-config.yaml");
        File.WriteAllText(path, masterConfig);
        var set = PolicySet.Load(Documents(imageStreams, "apps/stream.yaml"), [(path, "cluster/master-config.yaml")], null);
        return [.. set.Problems.Where(p => p.RuleId == "MG302")];
    }

    [Fact]
    public void The_repository_and_each_tag_source_are_checked_with_the_platform_message()
    {
        const string stream = """
            apiVersion: image.openshift.io/v1
            kind: ImageStream
            metadata:
              name: app
              namespace: demo
            spec:
              dockerImageRepository: ghcr.io/team/app
              tags:
              - name: v1
                from:
                  kind: DockerImage
                  name: ghcr.io/team/app:v1
              - name: v2
                from:
                  kind: DockerImage
                  name: quay.io/team/app:v2
              - name: v3
                from:
                  kind: ImageStreamTag
                  name: ghcr.io/team/app:v3
              - name: v4
                from:
                  kind: DockerImage
                  name: "Not A Reference"
            """;

        var refusals = Refusals(stream);

        Assert.Equal(
            [
                ("The ImageStream/demo/app import of \"ghcr.io/team/app\" is refused: spec.dockerImageRepository: Forbidden: registry \"ghcr.io\" " +
                    "not allowed by whitelist: \"quay.io:443\" (cluster/master-config.yaml imagePolicyConfig.allowedRegistriesForImport)", 7, 26),
                ("The ImageStream/demo/app import of \"ghcr.io/team/app:v1\" is refused: spec.tags[v1].from.name: Forbidden: registry \"ghcr.io\" " +
                    "not allowed by whitelist: \"quay.io:443\" (cluster/master-config.yaml imagePolicyConfig.allowedRegistriesForImport)", 12, 13),
            ],
            refusals.Select(p => (p.Message, p.Span.StartLine, p.Span.StartColumn)));
        Assert.All(refusals, p => Assert.Equal(("apps/stream.yaml", "cluster/master-config.yaml imagePolicyConfig.allowedRegistriesForImport"), (p.File, p.Policy)));
    }

    [Theory]
    [InlineData("\"true\"", true)]
    [InlineData("\"false\"", false)]
    public void The_insecure_repository_annotation_makes_every_import_insecure(string annotation, bool admitted)
    {
        var stream = $"""
            apiVersion: image.openshift.io/v1
            kind: ImageStream
            metadata:
              name: app
              annotations:
                openshift.io/image.insecureRepository: {annotation}
            spec:
              dockerImageRepository: insecure.example.com/team/app
            """;

        var refusals = Refusals(stream, MasterConfig + "  - domainName: insecure.example.com\n    insecure: true\n");

        Assert.Equal(admitted, refusals.Count == 0);
        if (!admitted)
        {
            Assert.StartsWith("The ImageStream/app import", refusals[0].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_allowed_registries_nothing_is_refused()
    {
        var stream = "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  dockerImageRepository: ghcr.io/team/app\n";

        Assert.Empty(Refusals(stream, "kind: MasterConfig\nimagePolicyConfig:\n  internalRegistryHostname: registry.internal:5000\n"));
        Assert.Empty(Refusals(stream.Replace("ImageStream", "ConfigMap", StringComparison.Ordinal)));
        Assert.Empty(Refusals(stream.Replace("ghcr.io/team/app", "\"\"", StringComparison.Ordinal)));
    }
}
