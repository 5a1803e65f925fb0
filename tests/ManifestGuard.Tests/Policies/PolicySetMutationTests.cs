using ManifestGuard.Configuration;
using ManifestGuard.Policies;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies;

/// <summary>What a policy set holds after loading, and how it reads the files named in `policyFiles`.</summary>
public sealed class PolicySetMutationTests
{
    private const string ImageConfig = """
        apiVersion: config.openshift.io/v1
        kind: Image
        metadata:
          name: cluster
        spec:
          registrySources:
            allowedRegistries: [quay.io]
        """;

    // The API server refuses an Image config with both lists.
    private const string RefusedImageConfig = ImageConfig + "\n    blockedRegistries: [docker.io]";

    [Theory]
    [InlineData("", true)]
    [InlineData(ImageConfig, false)]
    [InlineData(RefusedImageConfig, false)]
    public void A_set_is_empty_only_without_policies_and_without_problems(string manifests, bool empty)
    {
        var set = manifests.Length == 0 ? PolicySet.Load([], [], null) : FromManifests(manifests);

        Assert.Equal(empty, set.IsEmpty);
    }

    [Fact]
    public void A_refused_object_leaves_only_its_problem()
    {
        var set = FromManifests(RefusedImageConfig);

        Assert.Single(set.Problems);
        Assert.Empty(set.Evaluate(Use("ghcr.io/a/b:1")));
    }

    [Fact]
    public void Policy_objects_in_a_policy_file_apply_as_if_scanned()
    {
        var set = FromFiles(("image.yaml", ImageConfig));

        Assert.Equal("MG201", RuleIds(set, Use("ghcr.io/a/b:1")));
        Assert.Equal("", RuleIds(set, Use("quay.io/a/b:1")));
    }

    [Fact]
    public void A_broken_policy_json_is_a_configuration_error_naming_the_file()
    {
        var error = Assert.Throws<ConfigurationException>(() => FromFiles(("policy.json", "{\"default\": [}")));

        Assert.StartsWith("not a valid policy.json: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length > "not a valid policy.json: ".Length, error.Message);
    }

    [Fact]
    public void Evaluating_nothing_is_a_caller_error() =>
        Assert.Throws<ArgumentNullException>(() => PolicySet.Load([], [], null).Evaluate(null!));
}
