using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.References;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>
/// containers/image signature/policy_eval_test.go, TestPolicyContextRequirementsForImageRef (commit
/// df7e80d2d19872b61f352a8a182ec934dc0c2346, Apache License 2.0), transcribed: which scope's requirements
/// apply to an image. The upstream line of each row is its first argument.
/// </summary>
public sealed class ContainersImageScopeTableTests
{
    // The scopes the upstream test configures for the docker transport (policy_eval_test.go:143).
    private static readonly string[] DockerScopes =
    [
        "", "unmatched", "deep.com", "*.very.deep.com", "*.deep.com", "deep.com/n1", "deep.com/n1/n2",
        "deep.com/n1/n2/n3", "deep.com/n1/n2/n3/repo", "deep.com/n1/n2/n3/repo:tag2",
    ];

    [Theory]
    [InlineData(167, "deep.com/n1/n2/n3/repo:tag2", "deep.com/n1/n2/n3/repo:tag2")]
    [InlineData(169, "deep.com/n1/n2/n3/repo:nottag2", "deep.com/n1/n2/n3/repo")]
    [InlineData(170, "deep.com/n1/n2/n3/notrepo:tag2", "deep.com/n1/n2/n3")]
    [InlineData(171, "deep.com/n1/n2/notn3/repo:tag2", "deep.com/n1/n2")]
    [InlineData(172, "deep.com/n1/notn2/n3/repo:tag2", "deep.com/n1")]
    [InlineData(174, "deep.com/notn1/n2/n3/repo:tag2", "deep.com")]
    [InlineData(176, "very.deep.com/n1/n2/n3/repo:tag2", "*.deep.com")]
    [InlineData(177, "not.very.deep.com/n1/n2/n3/repo:tag2", "*.very.deep.com")]
    [InlineData(179, "this.does-not/match:anything", "")]
    public void The_docker_scope_that_applies_agrees_with_containers_image(int upstreamLine, string image, string scope)
    {
        // MostSpecific leaves the transport default "" to its caller, which applies it next (the table has one).
        var found = DockerScopeLookup.MostSpecific(ImageReference.Parse(image), DockerScopes.Contains) ?? "";
        Assert.True(scope == found, $"policy_eval_test.go:{upstreamLine}: {found}");
    }

    // Lines 181 and 183 ask about the atomic and dir transports. Kubernetes nodes pull through the docker
    // transport only, so ManifestGuard consults docker scopes and the default, never another transport's
    // scopes: an image matching only an atomic scope gets the global default (here insecureAcceptAnything).
    [Theory]
    [InlineData(181, "atomic")]
    [InlineData(183, "dir")]
    public void Other_transports_scopes_never_apply_to_a_pod_image(int upstreamLine, string transport)
    {
        var json = """{"default":[{"type":"insecureAcceptAnything"}],"transports":{"TRANSPORT":{"this.does-not":[{"type":"reject"}]}}}""";
        var set = FromFiles(("policy.json", json.Replace("TRANSPORT", transport, StringComparison.Ordinal)));

        Assert.True(RuleIds(set, Use("this.does-not/match:anything")) == "", $"policy_eval_test.go:{upstreamLine}");
    }
}
