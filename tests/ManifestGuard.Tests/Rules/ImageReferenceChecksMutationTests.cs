using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rules;

/// <summary>The whole messages and policies of the single-image rules, as a user reads them in a report.</summary>
public sealed class ImageReferenceChecksMutationTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static Finding Only(string image, string ruleId, string? config = null) =>
        Assert.Single(TestScan.Active(TestScan.Pod(image), ruleId, config));

    [Theory]
    [InlineData("nginx:1.25", null,
        "image \"nginx:1.25\" is not pinned by digest: `manifestguard pin` can pin it", null)]
    [InlineData("ghcr.io/acme/api:1.0", "requireDigest: [quay.io/other, ghcr.io/acme]\n",
        "image \"ghcr.io/acme/api:1.0\" must be pinned by digest (requireDigest \"ghcr.io/acme\"): `manifestguard pin` can pin it",
        "requireDigest \"ghcr.io/acme\"")]
    public void MG101_says_how_to_pin_and_which_requireDigest_asks_for_it(string image, string? config, string message, string? policy)
    {
        var finding = Only(image, RuleIds.ImageNotPinned, config);

        Assert.Equal(message, finding.Message);
        Assert.Equal(policy, finding.Policy);
        Assert.Equal(policy is null ? FindingLevel.Warning : FindingLevel.Error, finding.Level);
    }

    [Theory]
    [InlineData("nginx", null,
        "image \"nginx\" has neither tag nor digest, so it means \"latest\": name a version and pin its digest")]
    [InlineData("nginx:latest", null,
        "image \"nginx:latest\" uses the tag \"latest\", which moves: name a version and pin its digest")]
    [InlineData("nginx:main", "disallowedTags: [edge, main]\n",
        "image \"nginx:main\" uses the tag \"main\", which moves: name a version and pin its digest")]
    [InlineData("nginx:latest@" + Digest, null,
        "image \"nginx:latest@" + Digest + "\" names the tag \"latest\": the digest fixes the content, but the tag tells readers nothing; name a version")]
    public void MG102_says_why_the_tag_tells_nothing(string image, string? config, string message)
    {
        var finding = Only(image, RuleIds.ImageLatestTag, config);

        Assert.Equal(message, finding.Message);
        Assert.Null(finding.Policy);
    }

    [Fact]
    public void A_pinned_latest_image_is_not_raised_by_requireDigest()
    {
        // The digest is there: requireDigest has nothing to ask, so MG102 keeps its configured level and message.
        const string config = "requireDigest: [ghcr.io/acme]\nrules:\n  MG102: warning\n";
        var findings = TestScan.Findings(TestScan.Pod("ghcr.io/acme/api:latest@" + Digest), config);

        var finding = Assert.Single(findings);
        Assert.Equal((RuleIds.ImageLatestTag, FindingLevel.Warning), (finding.RuleId, finding.Level));
        Assert.DoesNotContain("requireDigest", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpinned_latest_image_under_requireDigest_names_the_pattern_in_MG102()
    {
        var finding = Only("ghcr.io/acme/api", RuleIds.ImageLatestTag, "requireDigest: [ghcr.io/acme]\n");

        Assert.Equal(
            "image \"ghcr.io/acme/api\" has neither tag nor digest, so it means \"latest\": name a version and pin its digest (requireDigest \"ghcr.io/acme\")",
            finding.Message);
        Assert.Equal(FindingLevel.Error, finding.Level);
        Assert.Null(finding.Policy);
    }

    [Fact]
    public void MG103_gives_the_grammar_reason()
    {
        var finding = Only("Nginx:1.25", RuleIds.InvalidImageReference);

        Assert.Equal("invalid image reference \"Nginx:1.25\": repository name must be lowercase", finding.Message);
        Assert.Equal("Nginx:1.25", finding.Image);
    }

    [Fact]
    public void MG201_lists_the_allowed_patterns_it_checked()
    {
        var finding = Only("ghcr.io/evil/app:1", RuleIds.RegistryNotAllowed, "registries:\n  allowed: [quay.io, ghcr.io/acme]\n");

        Assert.Equal(
            "image \"ghcr.io/evil/app:1\" comes from a registry that is not allowed: ghcr.io/evil/app matches none of registries.allowed (quay.io, ghcr.io/acme)",
            finding.Message);
        Assert.Equal("registries.allowed", finding.Policy);
        Assert.Equal(FindingLevel.Error, finding.Level);
    }

    [Fact]
    public void MG201_is_silent_when_any_allowed_pattern_matches()
    {
        Assert.Empty(TestScan.Active(TestScan.Pod("ghcr.io/acme/app:1"), RuleIds.RegistryNotAllowed, "registries:\n  allowed: [quay.io, ghcr.io/acme]\n"));
    }

    [Fact]
    public void MG202_names_the_blocked_pattern_that_matched()
    {
        var finding = Only("randomuser/app:1.0", RuleIds.RegistryBlocked, "registries:\n  blocked: [quay.io, docker.io/randomuser]\n");

        Assert.Equal(
            "image \"randomuser/app:1.0\" comes from a blocked registry: docker.io/randomuser/app matches \"docker.io/randomuser\" in registries.blocked",
            finding.Message);
        Assert.Equal("registries.blocked \"docker.io/randomuser\"", finding.Policy);
        Assert.Equal(FindingLevel.Error, finding.Level);
    }
}
