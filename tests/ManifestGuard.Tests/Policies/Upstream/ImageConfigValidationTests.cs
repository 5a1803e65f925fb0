using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>
/// The `Image` CRD's schema beyond what openshift/api's suites exercise (config/v1 images.config.openshift.io:
/// types, enum, limits, list kinds), and what a refused object means: nothing of it applies.
/// </summary>
public sealed class ImageConfigValidationTests
{
    private static string Image(string spec) =>
        "apiVersion: config.openshift.io/v1\nkind: Image\nmetadata:\n  name: cluster\nspec:\n" + spec;

    [Theory]
    [InlineData("  imageStreamImportMode: PreserveOriginal\n", null)]
    [InlineData("  imageStreamImportMode: preserveoriginal\n", "spec.imageStreamImportMode: Unsupported value: \"preserveoriginal\"")]
    [InlineData("  imageStreamImportMode: 1\n", "spec.imageStreamImportMode in body must be of type string")]
    [InlineData("  imageStreamImportMode: null\n", null)]
    [InlineData("  additionalTrustedCA: {name: user-ca}\n", null)]
    [InlineData("  additionalTrustedCA: {}\n", "spec.additionalTrustedCA.name: Required value")]
    [InlineData("  additionalTrustedCA: user-ca\n", "spec.additionalTrustedCA in body must be of type object")]
    [InlineData("  allowedRegistriesForImport: [{domainName: quay.io, insecure: true}]\n", null)]
    [InlineData("  allowedRegistriesForImport: [{domainName: quay.io, insecure: \"yes\"}]\n", "spec.allowedRegistriesForImport[0].insecure in body must be of type boolean")]
    [InlineData("  allowedRegistriesForImport: quay.io\n", "spec.allowedRegistriesForImport in body must be of type array")]
    [InlineData("  externalRegistryHostnames: [registry.apps.example.com, 5000]\n", "spec.externalRegistryHostnames[1] in body must be of type string")]
    [InlineData("  registrySources:\n    insecureRegistries: [\"insecure.example.com:5000\"]\n", null)]
    [InlineData("  registrySources:\n    insecureRegistries: [\"Insecure.example.com/Team\"]\n", "spec.registrySources.insecureRegistries[0]")]
    [InlineData("  registrySources:\n    containerRuntimeSearchRegistries: [quay.io, quay.io]\n", "containerRuntimeSearchRegistries[1]: Duplicate value: \"quay.io\"")]
    [InlineData("  registrySources:\n    containerRuntimeSearchRegistries: []\n", "should have at least 1 items")]
    [InlineData("  registrySources: []\n", "spec.registrySources in body must be of type object")]
    [InlineData("  registrySources:\n    blockedRegistries: null\n    allowedRegistries: [quay.io]\n", null)]
    public void The_image_config_is_validated_as_the_api_server_does(string spec, string? error)
    {
        var set = FromManifests(Image(spec));

        var problems = set.Problems.Where(p => p.RuleId == "MG304").ToList();
        if (error is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(error, Assert.Single(problems).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_image_config_without_spec_is_refused()
    {
        var set = FromManifests("apiVersion: config.openshift.io/v1\nkind: Image\nmetadata:\n  name: cluster\n");

        Assert.Contains("spec: Required value", Assert.Single(set.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_image_config_blocks_nothing()
    {
        // blockedRegistries is valid, but the object is refused for its import mode: the block is not in force.
        var refused = FromManifests(Image("  imageStreamImportMode: Always\n  registrySources:\n    blockedRegistries: [quay.io]\n"));
        var accepted = FromManifests(Image("  registrySources:\n    blockedRegistries: [quay.io]\n"));

        Assert.Equal("", RuleIds(refused, Use("quay.io/team/app:1.0")));
        Assert.Equal("MG202", RuleIds(accepted, Use("quay.io/team/app:1.0")));
        var problem = Assert.Single(refused.Problems);
        Assert.Equal(6, problem.Span.StartLine);
        Assert.Contains("none of it is in force", problem.Message, StringComparison.Ordinal);
    }
}
