using ManifestGuard.Policies;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Policies;

/// <summary>Where a problem in a policy's text points: the policy file itself, or the scalar that embeds it.</summary>
public sealed class PolicyOriginMutationTests
{
    private static readonly SourceSpan Inner = new(3, 5, 3, 12, 40, 47);
    private static readonly SourceSpan Embedding = new(17, 9, 17, 80, 300, 371);

    [Fact]
    public void A_problem_in_a_policy_file_points_into_it()
    {
        var problem = new PolicyOrigin("nodes/policy.json", "nodes/policy.json", null).Problem("MG304", "bad", Inner);

        Assert.Equal(("nodes/policy.json", Inner, "bad"), (problem.File, problem.Span, problem.Message));
    }

    [Fact]
    public void A_problem_in_embedded_text_points_at_the_embedding_and_names_the_inner_line()
    {
        var origin = new PolicyOrigin(
            "machineconfigs/99-policy.yaml", "MachineConfig/99-policy /etc/containers/policy.json", Embedding);

        var problem = origin.Problem("MG304", "bad", Inner);

        Assert.Equal(("machineconfigs/99-policy.yaml", Embedding), (problem.File, problem.Span));
        Assert.Equal("MachineConfig/99-policy /etc/containers/policy.json line 3: bad", problem.Message);
    }
}
