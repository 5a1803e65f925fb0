using ManifestGuard.Configuration;
using ManifestGuard.Findings;
using ManifestGuard.Policies;
using ManifestGuard.References;
using ManifestGuard.Yaml;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.Oke;

/// <summary>OKE image verification's verdict and its problems with the settings, in the words a user reads.</summary>
public sealed class OkeImagePolicyMutationTests
{
    private static readonly SourceSpan OkeSpan = new(3, 1, 6, 1, 40, 120);

    private static OkeSettings Settings(int keys, params string[] registries) => new(
        true,
        [.. Enumerable.Range(1, keys).Select(i => $"ocid1.key.oc1.iad.k{i}")],
        registries.Length == 0 ? OkeSettings.DefaultRegistries : [.. registries.Select(Pattern)],
        OkeSpan,
        ".manifestguard.yaml");

    private static RegistryPattern Pattern(string text) =>
        RegistryPattern.TryParse(text, out var pattern, out var error) ? pattern : throw new FormatException(error);

    [Fact]
    public void An_unpinned_image_in_a_covered_registry_is_told_to_use_a_digest()
    {
        var set = PolicySet.Load([], [], Settings(1, "quay.io/other", "*.ocir.io", "iad.ocir.io"));

        var verdict = Assert.Single(set.Evaluate(Use("iad.ocir.io/tenancy/app:1.0")));

        Assert.Equal(("MG301", "OKE image verification registry \"*.ocir.io\""), (verdict.RuleId, verdict.Policy));
        Assert.Equal(
            "\"iad.ocir.io/tenancy/app:1.0\" is in a registry covered by OKE image verification registry \"*.ocir.io\": OKE verifies " +
            "signatures by digest, so reference the image by digest",
            verdict.Message);
    }

    [Fact]
    public void Five_keys_are_accepted_and_six_are_one_too_many()
    {
        Assert.Empty(PolicySet.Load([], [], Settings(5)).Problems);

        var problem = Assert.Single(PolicySet.Load([], [], Settings(6)).Problems);

        Assert.Equal("MG304", problem.RuleId);
        Assert.Equal("OKE image verification takes at most 5 master encryption keys; 6 are configured", problem.Message);
        Assert.Equal((".manifestguard.yaml", OkeSpan, "OKE image verification"), (problem.File, problem.Span, problem.Policy));
        Assert.Null(problem.Level);
    }

    [Fact]
    public void Enabled_without_a_key_is_a_warning_and_enforces_nothing()
    {
        var set = PolicySet.Load([], [], Settings(0));

        var problem = Assert.Single(set.Problems);
        Assert.Equal(
            "OKE image verification is enabled with no key: it enforces nothing until a master encryption key is added",
            problem.Message);
        Assert.Equal((FindingLevel.Warning, OkeSpan), (problem.Level, problem.Span));
        Assert.Empty(set.Evaluate(Use("iad.ocir.io/tenancy/app:1.0")));
    }

    [Fact]
    public void Disabled_it_is_no_policy_at_all()
    {
        var set = PolicySet.Load([], [], Settings(6) with { Enabled = false });

        Assert.True(set.IsEmpty);
    }
}
