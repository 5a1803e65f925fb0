using ManifestGuard.Findings;
using ManifestGuard.Policies;
using ManifestGuard.Policies.OpenShift3;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.OpenShift3;

/// <summary>
/// The ImagePolicy admission plugin's execution rules (origin imagepolicy/rules/accept.go) as a workload meets
/// them: which rule decides, the verdict's words, and when only the cluster can tell.
/// </summary>
public sealed class ExecutionRulesMutationTests
{
    private const string File = "policies/master-config.yaml";
    private const string Plugin = File + " openshift.io/ImagePolicy";

    private static PolicySet WithRules(string rules, string imagePolicyConfig = "") =>
        FromFiles(("master-config.yaml",
            "kind: MasterConfig\napiVersion: v1\n" + imagePolicyConfig +
            "admissionConfig:\n  pluginConfig:\n    openshift.io/ImagePolicy:\n      configuration:\n        kind: ImagePolicyConfig\n" +
            "        apiVersion: v1\n        executionRules:\n" +
            string.Concat(rules.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"        {line}\n"))));

    private static IReadOnlyList<PolicyVerdict> Verdicts(PolicySet set, string image, string kind = "Pod", string apiVersion = "v1") =>
        set.Evaluate(Use(image, "demo", kind, apiVersion));

    [Fact]
    public void A_matching_reject_rule_names_itself()
    {
        var set = WithRules("- name: no-quay\n  reject: true\n  matchRegistries: [quay.io]\n");

        var verdict = Assert.Single(Verdicts(set, "quay.io/a/b:1"));

        Assert.Equal("MG302", verdict.RuleId);
        Assert.Equal($"\"quay.io/a/b:1\" is rejected on pods by the reject rule {Plugin} executionRules \"no-quay\"", verdict.Message);
        Assert.Equal($"{Plugin} executionRules \"no-quay\"", verdict.Policy);
        Assert.Empty(Verdicts(set, "docker.io/a/b:1"));
    }

    [Fact]
    public void With_an_accept_rule_everything_it_does_not_match_is_denied_with_the_registry_as_written()
    {
        var set = WithRules("- name: hub\n  matchRegistries: [docker.io]\n- name: quay\n  matchRegistries: [quay.io]\n");

        var verdict = Assert.Single(Verdicts(set, "nginx:1.27"));

        Assert.Equal(
            "\"nginx:1.27\" matches no accept rule on pods (\"hub\", \"quay\"); with an accept rule present the plugin denies everything " +
            "else. The registry as written is \"\" (matchRegistries compares it exactly)",
            verdict.Message);
        Assert.Equal($"{Plugin} executionRules", verdict.Policy);
        Assert.Empty(Verdicts(set, "quay.io/a/b:1"));
        Assert.Empty(Verdicts(set, "docker.io/library/nginx:1.27"));
        Assert.Contains("The registry as written is \"ghcr.io\"", Assert.Single(Verdicts(set, "ghcr.io/a/b:1")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reject_rule_after_a_matching_accept_rule_still_rejects()
    {
        var set = WithRules("- name: quay\n  matchRegistries: [quay.io]\n- name: no-quay\n  reject: true\n  matchRegistries: [quay.io]\n");

        Assert.Contains("the reject rule", Assert.Single(Verdicts(set, "quay.io/a/b:1")).Message, StringComparison.Ordinal);
    }

    [Theory]
    // invertMatch turns "matches" around: a reject rule then rejects everything outside its registries.
    [InlineData("quay.io/a/b:1", false)]
    [InlineData("ghcr.io/a/b:1", true)]
    [InlineData("nginx", true)]
    public void InvertMatch_rejects_what_the_registries_do_not_name(string image, bool rejected)
    {
        var set = WithRules("- name: only-quay\n  reject: true\n  invertMatch: true\n  matchRegistries: [quay.io]\n");

        Assert.Equal(rejected, Verdicts(set, image).Count == 1);
    }

    [Fact]
    public void A_reject_rule_without_conditions_rejects_everything_and_inverted_nothing()
    {
        var all = WithRules("- name: none\n  reject: true\n");
        var inverted = WithRules("- name: none\n  reject: true\n  invertMatch: true\n");

        Assert.Single(Verdicts(all, "quay.io/a/b:1"));
        Assert.Empty(Verdicts(inverted, "quay.io/a/b:1"));
    }

    [Theory]
    [InlineData("registry.internal:5000/ns/app:1", "")]
    // The plugin's integrated registry matcher knows the internal hostname only: the route's name is another registry.
    [InlineData("registry.example.com/ns/app:1", "MG302")]
    [InlineData("quay.io/a/b:1", "MG302")]
    public void The_integrated_registry_is_its_internal_hostname_only(string image, string expected)
    {
        var config = "imagePolicyConfig:\n  internalRegistryHostname: registry.internal:5000\n  externalRegistryHostname: registry.example.com\n";
        var set = WithRules("- name: integrated\n  matchIntegratedRegistry: true\n", config);

        Assert.Equal(expected, RuleIds(set, Use(image, "demo", "Pod", "v1")));
    }

    [Fact]
    public void Without_a_known_integrated_registry_its_rule_is_left_to_the_cluster()
    {
        var accept = WithRules("- name: integrated\n  matchIntegratedRegistry: true\n");
        var reject = WithRules("- name: integrated\n  reject: true\n  matchIntegratedRegistry: true\n- name: quay\n  matchRegistries: [quay.io]\n");

        Assert.Empty(Verdicts(accept, "quay.io/a/b:1"));
        // The undecided rule could only reject more: the accept rule still decides what it does not match.
        Assert.Empty(Verdicts(reject, "quay.io/a/b:1"));
        Assert.Single(Verdicts(reject, "ghcr.io/a/b:1"));
    }

    [Fact]
    public void A_rule_needing_image_metadata_still_decides_when_its_registries_do_not_match()
    {
        var set = WithRules(
            "- name: denied\n  reject: true\n  matchRegistries: [quay.io]\n  matchImageLabels:\n  - key: deny\n    value: \"true\"\n");

        // Outside quay.io the rule cannot match whatever the labels say; inside it only the cluster can tell.
        Assert.Empty(Verdicts(set, "ghcr.io/a/b:1"));
        Assert.Empty(Verdicts(set, "quay.io/a/b:1"));
        var note = Assert.Single(set.Problems);
        Assert.Equal(
            "executionRules \"denied\" is not evaluated: matchImageLabels needs the image's metadata, which only the cluster has; " +
            "workloads it could decide get no verdict from this plugin",
            note.Message);
        Assert.Equal((FindingLevel.Note, $"{Plugin} executionRules \"denied\""), (note.Level, note.Policy));
    }

    [Fact]
    public void SkipOnResolutionFailure_leaves_the_rule_to_the_cluster()
    {
        var set = WithRules("- name: resolve\n  reject: true\n  skipOnResolutionFailure: true\n");

        Assert.Empty(Verdicts(set, "quay.io/a/b:1"));
        Assert.Equal(
            "executionRules \"resolve\" is not evaluated: skipOnResolutionFailure makes it depend on whether the cluster can resolve the image; " +
            "workloads it could decide get no verdict from this plugin",
            Assert.Single(set.Problems).Message);
    }

    [Theory]
    [InlineData("Pod", "v1", "MG302")]
    [InlineData("Deployment", "apps/v1", "")]
    public void Rules_apply_to_the_resources_they_name_and_to_pods_by_default(string kind, string apiVersion, string expected)
    {
        var byDefault = WithRules("- name: no-quay\n  reject: true\n  matchRegistries: [quay.io]\n");
        var onDeployments = WithRules("- name: no-quay\n  reject: true\n  onResources:\n  - resource: deployments\n    group: apps\n  matchRegistries: [quay.io]\n");

        Assert.Equal(expected, RuleIds(byDefault, Use("quay.io/a/b:1", "demo", kind, apiVersion)));
        Assert.Equal(expected.Length == 0 ? "MG302" : "", RuleIds(onDeployments, Use("quay.io/a/b:1", "demo", kind, apiVersion)));
    }

    [Theory]
    [InlineData("v1", "Pod", "", "pods")]
    [InlineData("example.com/v1", "Policy", "example.com", "policies")]
    [InlineData("example.com/v1beta1", "Address", "example.com", "addresses")]
    [InlineData("build.openshift.io/v1", "BuildConfig", "build.openshift.io", "buildconfigs")]
    public void Kinds_become_plural_lowercase_resources(string apiVersion, string kind, string group, string resource) =>
        Assert.Equal((group, resource), ExecutionRules.ResourceOf(apiVersion, kind));

    [Fact]
    public void A_plugin_configured_in_another_file_is_a_note_pointing_at_it()
    {
        var set = FromFiles(("master-config.yaml",
            "kind: MasterConfig\nadmissionConfig:\n  pluginConfig:\n    openshift.io/ImagePolicy:\n      location: /etc/origin/master/image-policy.yaml\n"));

        var note = Assert.Single(set.Problems);
        Assert.Equal(
            "the openshift.io/ImagePolicy configuration is in another file (/etc/origin/master/image-policy.yaml): add that file to policyFiles to evaluate it",
            note.Message);
        Assert.Equal(("MG304", FindingLevel.Note, 5, 17), (note.RuleId, note.Level, note.Span.StartLine, note.Span.StartColumn));
        Assert.Empty(set.Evaluate(Use("quay.io/a/b:1", "demo", "Pod", "v1")));
    }

    [Fact]
    public void The_first_matching_reject_rule_decides_alone()
    {
        var set = WithRules(
            "- name: first\n  reject: true\n  matchRegistries: [quay.io]\n- name: second\n  reject: true\n");

        var verdict = Assert.Single(Verdicts(set, "quay.io/a/b:1"));
        Assert.Equal($"{Plugin} executionRules \"first\"", verdict.Policy);
    }

    [Theory]
    // Only a plain true, True or TRUE is true (YAML 1.1 as the plugin's decoder reads it); a quoted "true" is a string.
    [InlineData("true", "MG302")]
    [InlineData("True", "MG302")]
    [InlineData("TRUE", "MG302")]
    [InlineData("\"true\"", "")]
    [InlineData("false", "")]
    public void Reject_is_true_only_as_a_plain_boolean(string reject, string expected)
    {
        var set = WithRules($"- name: no-quay\n  reject: {reject}\n  matchRegistries: [quay.io]\n- name: any\n");

        Assert.Equal(expected, RuleIds(set, Use("quay.io/a/b:1", "demo", "Pod", "v1")));
    }
}
