using ManifestGuard.Findings;
using ManifestGuard.Policies;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.OpenShift3;

/// <summary>
/// How a master-config's `openshift.io/ImagePolicy` rules are read: the plugin's default resources, the
/// conditions only the cluster can evaluate (each named in the note), and where the notes point.
/// </summary>
public sealed class MasterConfigMutationTests
{
    private const string Plugin = "policies/master-config.yaml openshift.io/ImagePolicy";

    private static PolicySet WithRules(string rules) =>
        FromFiles(("master-config.yaml",
            "kind: MasterConfig\nadmissionConfig:\n  pluginConfig:\n    openshift.io/ImagePolicy:\n"
            + "      configuration:\n"
            + "        executionRules:\n"
            + string.Concat(rules.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => $"        {line}\n"))));

    [Theory]
    [InlineData("matchImageAnnotations")]
    [InlineData("matchImageLabels")]
    [InlineData("matchDockerImageLabels")]
    public void Each_condition_on_image_metadata_is_named_in_the_note(string condition)
    {
        var set = WithRules($"- name: meta\n  reject: true\n  {condition}:\n  - key: a\n    value: b\n");

        var note = Assert.Single(set.Problems);
        Assert.Equal(
            $"executionRules \"meta\" is not evaluated: {condition} needs the image's metadata, "
            + "which only the cluster has; "
            + "workloads it could decide get no verdict from this plugin",
            note.Message);
        Assert.Equal((FindingLevel.Note, 7, 11), (note.Level, note.Span.StartLine, note.Span.StartColumn));
        Assert.Equal("MG302", note.RuleId);
        Assert.Empty(set.Evaluate(Use("quay.io/a/b:1", "demo", "Pod", "v1")));
    }

    [Fact]
    public void A_rule_without_a_name_is_called_unnamed_and_its_note_points_at_the_rule()
    {
        var set = WithRules("- reject: true\n  skipOnResolutionFailure: true\n");

        var note = Assert.Single(set.Problems);
        Assert.StartsWith(
            "executionRules \"(unnamed)\" is not evaluated: skipOnResolutionFailure",
            note.Message,
            StringComparison.Ordinal);
        Assert.Equal($"{Plugin} executionRules \"(unnamed)\"", note.Policy);
        Assert.Equal((7, 11), (note.Span.StartLine, note.Span.StartColumn));
    }

    [Fact]
    public void A_rule_on_a_resource_without_a_group_is_on_the_core_group()
    {
        var set = WithRules(
            "- name: no-quay\n  reject: true\n  onResources:\n  - resource: pods\n  matchRegistries: [quay.io]\n");

        Assert.Equal("MG302", RuleIds(set, Use("quay.io/a/b:1", "demo", "Pod", "v1")));
        Assert.Equal("", RuleIds(set, Use("quay.io/a/b:1", "demo", "Deployment", "apps/v1")));
    }

    [Fact]
    public void A_refused_plugin_configuration_says_the_master_does_not_start()
    {
        var set = WithRules("- name: a\n- name: a\n");

        var problem = Assert.Single(set.Problems);
        Assert.Equal(
            $"{Plugin} executionRules[1].name: Duplicate value: \"a\": "
            + "the plugin refuses this configuration when it loads, "
            + "so the master's API server does not start",
            problem.Message);
        Assert.Equal(("MG304", Plugin, (FindingLevel?)null), (problem.RuleId, problem.Policy, problem.Level));
    }
}
