using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rules;

public class ImageReferenceChecksTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static IReadOnlyList<string> RulesFor(string image, string? config = null) =>
        [.. TestScan.Findings(TestScan.Pod(image), config).Where(f => !f.IsSuppressed).Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public void Findings_point_at_the_image_scalar_and_carry_resource_container_field_and_images()
    {
        var finding = Assert.Single(TestScan.Active(TestScan.Pod("nginx:1.25"), RuleIds.ImageNotPinned));

        Assert.Equal(TestScan.FileName, finding.File);
        Assert.Equal((8, 14, 8, 24), (finding.Span.StartLine, finding.Span.StartColumn, finding.Span.EndLine, finding.Span.EndColumn));
        Assert.Equal("Pod/web", finding.Resource?.ToString());
        Assert.Equal("app", finding.Container);
        Assert.Equal("spec.containers[0].image", finding.Field);
        Assert.Equal("nginx:1.25", finding.Image);
        Assert.Equal("docker.io/library/nginx:1.25", finding.NormalizedImage);
        Assert.Equal(FindingLevel.Warning, finding.Level);
    }

    // MG101: a reference without a digest; a registry port is not a tag and a tag is not a digest.
    [Theory]
    [InlineData("nginx:1.25", true)]
    [InlineData("localhost:5000/nginx:1.25", true)]
    [InlineData("registry.example.com/app@" + Digest, false)]
    [InlineData("registry.example.com/app:1.0@" + Digest, false)]
    [InlineData("localhost:5000/nginx@" + Digest, false)]
    public void MG101_fires_for_every_reference_without_a_digest(string image, bool fires)
    {
        Assert.Equal(fires, RulesFor(image).Contains(RuleIds.ImageNotPinned));
    }

    [Theory]
    [InlineData("ghcr.io/acme/api:1.0", FindingLevel.Error)]
    [InlineData("ghcr.io/acme/tools/cli:1.0", FindingLevel.Error)]
    [InlineData("ghcr.io/acmecorp/api:1.0", FindingLevel.Warning)]
    [InlineData("nginx:1.25", FindingLevel.Warning)]
    public void MG101_is_an_error_where_requireDigest_covers_the_image(string image, object expected)
    {
        var level = (FindingLevel)expected;
        var finding = Assert.Single(TestScan.Active(TestScan.Pod(image), RuleIds.ImageNotPinned, "requireDigest: [ghcr.io/acme]\n"));

        Assert.Equal(level, finding.Level);
        Assert.Equal(level == FindingLevel.Error ? "requireDigest \"ghcr.io/acme\"" : null, finding.Policy);
    }

    // MG102: the tag is latest or another disallowed tag, or there is no tag and no digest (which means latest).
    [Theory]
    [InlineData("nginx", true)]
    [InlineData("nginx:latest", true)]
    [InlineData("docker.io/library/nginx:latest", true)]
    [InlineData("localhost:5000/nginx", true)]
    [InlineData("registry.example.com:443/team/app", true)]
    [InlineData("nginx:1.25", false)]
    [InlineData("nginx:Latest", false)]
    [InlineData("nginx:latest-alpine", false)]
    [InlineData("nginx@" + Digest, false)]
    [InlineData("localhost:5000/nginx:1.25", false)]
    // Pinned or not, `latest` says nothing about the version a reader gets when the digest is re-pinned.
    [InlineData("nginx:latest@" + Digest, true)]
    public void MG102_fires_for_latest_and_for_references_without_tag_or_digest(string image, bool fires)
    {
        Assert.Equal(fires, RulesFor(image).Contains(RuleIds.ImageLatestTag));
    }

    [Theory]
    [InlineData("nginx:main", true)]
    [InlineData("nginx:edge", true)]
    [InlineData("nginx:latest", false)]
    [InlineData("nginx:1.25", false)]
    public void MG102_uses_the_configured_disallowed_tags(string image, bool fires)
    {
        Assert.Equal(fires, RulesFor(image, "disallowedTags: [main, edge]\n").Contains(RuleIds.ImageLatestTag));
    }

    [Fact]
    public void MG102_is_an_error_by_default()
    {
        Assert.Equal(FindingLevel.Error, Assert.Single(TestScan.Active(TestScan.Pod("nginx:latest"), RuleIds.ImageLatestTag)).Level);
    }

    // MG103: the distribution reference grammar.
    [Theory]
    [InlineData("Nginx:1.25")]
    [InlineData("nginx:1.25:extra")]
    [InlineData("nginx@sha256:abc")]
    [InlineData("\"nginx:\"")]
    [InlineData("registry.example.com//app:1")]
    [InlineData("-nginx:1.25")]
    [InlineData("\"nginx 1.25\"")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void MG103_fires_alone_for_references_that_do_not_parse(string image)
    {
        var finding = Assert.Single(TestScan.Findings(TestScan.Pod(image)));

        Assert.Equal(RuleIds.InvalidImageReference, finding.RuleId);
        Assert.Equal(FindingLevel.Error, finding.Level);
        Assert.Equal(8, finding.Span.StartLine);
        Assert.Null(finding.NormalizedImage);
    }

    // MG201: FIELD-NOTES' bypass strings for allow-lists matched by raw prefix.
    [Theory]
    [InlineData("myregistry.io", "myregistry.io/app:1.0", false)]
    [InlineData("myregistry.io", "myregistry.io/team/app:1.0", false)]
    [InlineData("myregistry.io", "myregistry.io.evil.com/app:1.0", true)]
    [InlineData("myregistry.io", "evil.com/myregistry.io/app:1.0", true)]
    [InlineData("myregistry.io", "myregistry.io:5000/app:1.0", true)]
    [InlineData("myregistry.io:5000", "myregistry.io:5000/app:1.0", false)]
    [InlineData("myregistry.io:5000", "myregistry.io/app:1.0", true)]
    [InlineData("localhost:5000", "localhost:5001/app:1.0", true)]
    [InlineData("mycompany", "mycompany/app:1.0", false)]
    [InlineData("mycompany", "docker.io/mycompany/app:1.0", false)]
    [InlineData("mycompany", "mycompanyevil/app:1.0", true)]
    [InlineData("docker.io/mycompany", "mycompanyevil/app:1.0", true)]
    [InlineData("docker.io/library", "nginx:1.25", false)]
    [InlineData("docker.io/library", "library/nginx:1.25", false)]
    [InlineData("docker.io/library", "index.docker.io/library/nginx:1.25", false)]
    [InlineData("docker.io/library", "bitnami/nginx:1.25", true)]
    [InlineData("docker.io/*", "nginx:1.25", false)]
    [InlineData("docker.io", "nginx:1.25", false)]
    [InlineData("nginx", "nginx:1.25", false)]
    [InlineData("nginx", "nginxinc/nginx-unprivileged:1.25", true)]
    [InlineData("registry.example.com/team", "registry.example.com/team/app:1", false)]
    [InlineData("registry.example.com/team", "registry.example.com/teamevil/app:1", true)]
    [InlineData("registry.example.com/team", "registry.example.com/team:1", false)]
    [InlineData("*.example.com", "eu.registry.example.com/app:1", false)]
    [InlineData("*.example.com", "example.com/app:1", true)]
    [InlineData("*.example.com", "registry.example.com.evil.io/app:1", true)]
    public void MG201_matches_whole_hosts_ports_and_path_components_after_normalizing(string allowed, string image, bool fires)
    {
        var config = $"registries:\n  allowed:\n    - \"{allowed}\"\n";

        Assert.Equal(fires, RulesFor(image, config).Contains(RuleIds.RegistryNotAllowed));
    }

    [Fact]
    public void MG201_does_not_fire_when_no_allow_list_is_configured()
    {
        Assert.DoesNotContain(RuleIds.RegistryNotAllowed, RulesFor("evil.example.com/app:1.0"));
    }

    [Theory]
    [InlineData("docker.io/randomuser", "randomuser/app:1.0", true)]
    [InlineData("docker.io/randomuser", "index.docker.io/randomuser/app:1.0", true)]
    [InlineData("docker.io/randomuser", "randomuserx/app:1.0", false)]
    [InlineData("randomuser", "docker.io/randomuser/tools/app:1.0", true)]
    [InlineData("evil.io", "evil.io/app:1.0", true)]
    [InlineData("evil.io", "evil.io:5000/app:1.0", false)]
    [InlineData("evil.io", "notevil.io/app:1.0", false)]
    [InlineData("evil.io", "evil.io.example.com/app:1.0", false)]
    [InlineData("*.evil.io", "cdn.evil.io:443/app:1.0", true)]
    public void MG202_fires_for_blocked_patterns_matched_the_same_way(string blocked, string image, bool fires)
    {
        var config = $"registries:\n  blocked:\n    - \"{blocked}\"\n";

        Assert.Equal(fires, RulesFor(image, config).Contains(RuleIds.RegistryBlocked));
    }

    [Fact]
    public void A_blocked_image_outside_the_allow_list_gets_both_findings()
    {
        const string config = "registries:\n  allowed: [ghcr.io/acme]\n  blocked: [docker.io/randomuser]\n";

        Assert.Equal(["MG101", "MG201", "MG202"], RulesFor("randomuser/app:1.0", config));
    }

    [Theory]
    [InlineData("nginx*", "nginx", true)]
    [InlineData("nginx*", "nginx:latest", true)]
    [InlineData("docker.io/library/nginx*", "nginx:latest", true)]
    [InlineData("docker.io/library/nginx:latest", "nginx:latest", true)]
    [InlineData("nginx:latest", "nginx:latest", true)]
    [InlineData("nginx:latest", "nginx", false)]
    [InlineData("ghcr.io/acme/*", "ghcr.io/acme/api:latest", true)]
    [InlineData("ghcr.io/acme/*", "ghcr.io/acmecorp/api:latest", false)]
    [InlineData("busybox*", "nginx:latest", false)]
    public void ExemptImages_silences_every_rule_for_exact_images_and_trailing_star_prefixes(string exempt, string image, bool exempted)
    {
        var config = $"registries:\n  allowed: [registry.example.com]\nexemptImages:\n  - \"{exempt}\"\n";

        Assert.Equal(exempted, RulesFor(image, config).Count == 0);
    }

    [Fact]
    public void A_rule_set_to_off_reports_nothing_and_other_levels_are_taken_as_configured()
    {
        const string config = "rules:\n  MG101: off\n  MG201: note\nregistries:\n  allowed: [quay.io]\n";

        var findings = TestScan.Findings(TestScan.Pod("nginx:1.25"), config);

        var finding = Assert.Single(findings);
        Assert.Equal((RuleIds.RegistryNotAllowed, FindingLevel.Note), (finding.RuleId, finding.Level));
    }

    [Fact]
    public void An_error_level_requireDigest_finding_is_still_off_when_MG101_is_off()
    {
        Assert.Empty(TestScan.Active(TestScan.Pod("ghcr.io/acme/api:1.0"), RuleIds.ImageNotPinned, "requireDigest: [ghcr.io/acme]\nrules:\n  MG101: off\n"));
    }

    // One problem, one finding: MG102 already says to pin, so a `latest`, disallowed or missing tag is not MG101 too.
    [Theory]
    [InlineData("nginx", null, "MG102")]
    [InlineData("nginx:latest", null, "MG102")]
    [InlineData("localhost:5000/nginx", null, "MG102")]
    [InlineData("nginx:main", "disallowedTags: [main]\n", "MG102")]
    [InlineData("nginx:latest@" + Digest, null, "MG102")]
    [InlineData("nginx:1.25", null, "MG101")]
    [InlineData("nginx:main", null, "MG101")]
    // With MG102 off, nothing else says the image is unpinned, so MG101 does.
    [InlineData("nginx:latest", "rules:\n  MG102: off\n", "MG101")]
    [InlineData("nginx", "rules:\n  MG102: off\n", "MG101")]
    [InlineData("nginx:latest", "rules:\n  MG102: off\n  MG101: off\n", "")]
    public void An_unpinned_latest_image_is_one_MG102_and_no_MG101(string image, string? config, string rules)
    {
        Assert.Equal(rules.Split(',', StringSplitOptions.RemoveEmptyEntries), RulesFor(image, config));
    }

    [Fact]
    public void MG102_on_an_unpinned_image_says_to_pin_it_and_keeps_requireDigest_as_an_error()
    {
        var plain = Assert.Single(TestScan.Findings(TestScan.Pod("ghcr.io/acme/api:latest"), "rules:\n  MG102: warning\n"));
        var required = Assert.Single(TestScan.Findings(TestScan.Pod("ghcr.io/acme/api:latest"), "rules:\n  MG102: warning\nrequireDigest: [ghcr.io/acme]\n"));

        Assert.Equal((RuleIds.ImageLatestTag, FindingLevel.Warning, (string?)null), (plain.RuleId, plain.Level, plain.Policy));
        Assert.Contains("pin its digest", plain.Message, StringComparison.Ordinal);
        Assert.Equal((RuleIds.ImageLatestTag, FindingLevel.Error), (required.RuleId, required.Level));
        Assert.EndsWith("(requireDigest \"ghcr.io/acme\")", required.Message, StringComparison.Ordinal);
    }

    [Theory]
    // A comment naming MG101 on a latest image has nothing left to hide: MG102 stands.
    [InlineData("nginx:latest # manifestguard:ignore MG101", "MG102", "")]
    [InlineData("nginx:latest # manifestguard:ignore MG102 tracked by the vendor", "", "MG102")]
    [InlineData("nginx:1.25 # manifestguard:ignore MG101", "", "MG101")]
    public void Suppressions_after_the_change_hide_what_they_name(string image, string active, string suppressed)
    {
        var findings = TestScan.Findings(TestScan.Pod(image));

        Assert.Equal(active.Split(',', StringSplitOptions.RemoveEmptyEntries), findings.Where(f => !f.IsSuppressed).Select(f => f.RuleId));
        Assert.Equal(suppressed.Split(',', StringSplitOptions.RemoveEmptyEntries), findings.Where(f => f.IsSuppressed).Select(f => f.RuleId));
    }
}
