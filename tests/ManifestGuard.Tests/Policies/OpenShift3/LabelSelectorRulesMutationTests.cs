using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.OpenShift3;

/// <summary>
/// `matchImageLabels` selectors as the ImagePolicy plugin checks them when it loads (apimachinery's
/// LabelSelectorAsSelector): each invalid part on its own is refused with apimachinery's words, and the
/// limits (253 for a key's prefix, 63 for its name and for a value) are exact.
/// </summary>
public sealed class LabelSelectorRulesMutationTests
{
    private const string Plugin = "policies/master-config.yaml openshift.io/ImagePolicy";
    private const string NameRule = "name part must consist of alphanumeric characters, '-', '_' or '.', "
        + "and must start and end with an alphanumeric character (at most 63 characters)";
    private const string ValueRule = "must be 63 characters or less and consist of alphanumeric characters, "
        + "'-', '_' or '.', starting and ending with an alphanumeric character";
    private const string PartsRule = "a qualified name must consist of an optional prefix, '/' and a name";
    private const string PrefixRule = "the prefix part must be a non-empty DNS-1123 subdomain";
    private const string ValuesNeeded = "for 'in', 'notin' operators, values set can't be empty";
    private const string NoValues = "values set must be empty for exists and does not exist";
    private const string Stops =
        ": the plugin refuses this configuration when it loads, so the master's API server does not start";

    private static readonly string Prefix253 = string.Join(".", Enumerable.Repeat(new string('a', 63), 4))[..253];
    private static readonly string Label63 = "a" + new string('b', 61) + "c";

    /// <summary>The refusal of a rule whose only condition is this selector, or null when the plugin loads.</summary>
    private static string? Refusal(string selector)
    {
        var set = FromFiles(("master-config.yaml",
            "kind: MasterConfig\napiVersion: v1\nadmissionConfig:\n  pluginConfig:\n    openshift.io/ImagePolicy:\n"
            + "      configuration:\n        kind: ImagePolicyConfig\n        apiVersion: v1\n        executionRules:\n"
            + "        - name: labelled\n          matchImageLabels:\n          - " + selector + "\n"));
        var refusals = set.Problems.Where(p => p.RuleId == "MG304").ToList();
        if (refusals.Count == 0)
        {
            return null;
        }
        var message = Assert.Single(refusals).Message;
        const string head = Plugin + " executionRules[0].matchImageLabels[0]: Invalid value: ";
        Assert.StartsWith(head, message, StringComparison.Ordinal);
        Assert.EndsWith(Stops, message, StringComparison.Ordinal);
        return message[head.Length..^Stops.Length];
    }

    [Fact]
    public void A_refused_selector_is_MG304_at_the_selector_and_stops_the_plugin()
    {
        var set = FromFiles(("master-config.yaml",
            "kind: MasterConfig\nadmissionConfig:\n  pluginConfig:\n    openshift.io/ImagePolicy:\n"
            + "      configuration:\n        executionRules:\n        - name: labelled\n          reject: true\n"
            + "          matchImageLabels:\n"
            + "          - matchLabels: {\"a/b/c\": x}\n"));

        var problem = Assert.Single(set.Problems);
        Assert.Equal(
            $"{Plugin} executionRules[0].matchImageLabels[0]: Invalid value: key \"a/b/c\": {PartsRule}{Stops}",
            problem.Message);
        Assert.Equal(("MG304", "policies/master-config.yaml", Plugin), (problem.RuleId, problem.File, problem.Policy));
        Assert.Equal((10, 13), (problem.Span.StartLine, problem.Span.StartColumn));
        Assert.Null(problem.Level);
    }

    [Theory]
    // A null selector is an empty one (the field is a list of LabelSelector values, not pointers).
    [InlineData("~", null)]
    [InlineData("{}", null)]
    [InlineData("x", "a label selector must be a mapping")]
    [InlineData("[a]", "a label selector must be a mapping")]
    // matchLabels: keys are qualified names, values label values; an empty or null value is allowed.
    [InlineData("matchLabels: {app: web}", null)]
    // A null value reaches the API as JSON null, which decodes as "" (a quoted "~" is the text ~).
    [InlineData("matchLabels: {app: ~}", null)]
    [InlineData("matchLabels: {app: }", null)]
    [InlineData("matchLabels: {app: \"~\"}", "label value \"~\": " + ValueRule)]
    [InlineData("matchLabels: {app: \"\"}", null)]
    [InlineData("matchLabels: {app: \"-web\"}", "label value \"-web\": " + ValueRule)]
    [InlineData("matchLabels: {app: \"web site\"}", "label value \"web site\": " + ValueRule)]
    [InlineData("matchLabels: {\"-app\": web}", "key \"-app\": " + NameRule)]
    // The key is checked before the value.
    [InlineData("matchLabels: {\"-app\": \"-web\"}", "key \"-app\": " + NameRule)]
    [InlineData("matchLabels: {my_key: web}", null)]
    [InlineData("matchLabels: {App.Name: web}", null)]
    [InlineData("matchLabels: {example.com/app: web}", null)]
    [InlineData("matchLabels: {\"a/b/c\": web}", "key \"a/b/c\": " + PartsRule)]
    [InlineData("matchLabels: {\"/app\": web}", "key \"/app\": " + PrefixRule)]
    [InlineData("matchLabels: {\"Example.com/app\": web}", "key \"Example.com/app\": " + PrefixRule)]
    [InlineData("matchLabels: {\"my_domain/app\": web}", "key \"my_domain/app\": " + PrefixRule)]
    [InlineData("matchLabels: {\"example.com/\": web}", "key \"example.com/\": " + NameRule)]
    [InlineData("matchLabels: {\"example.com/-app\": web}", "key \"example.com/-app\": " + NameRule)]
    public void MatchLabels_keys_and_values(string selector, string? refusal) =>
        Assert.Equal(refusal, Refusal(selector));

    [Fact]
    public void A_key_prefix_may_have_253_characters_and_not_254()
    {
        Assert.Null(Refusal($"matchLabels: {{{Prefix253}/app: web}}"));
        Assert.Equal(
            $"key \"{Prefix253}b/app\": " + PrefixRule,
            Refusal($"matchLabels: {{{Prefix253}b/app: web}}"));
    }

    [Fact]
    public void A_key_name_may_have_63_characters_and_not_64()
    {
        Assert.Null(Refusal($"matchLabels: {{{Label63}: web}}"));
        Assert.Null(Refusal($"matchLabels: {{example.com/{Label63}: web}}"));
        Assert.Equal($"key \"{Label63}d\": " + NameRule, Refusal($"matchLabels: {{{Label63}d: web}}"));
    }

    [Fact]
    public void A_label_value_may_have_63_characters_and_not_64()
    {
        Assert.Null(Refusal($"matchLabels: {{app: {Label63}}}"));
        Assert.Equal($"label value \"{Label63}d\": " + ValueRule, Refusal($"matchLabels: {{app: {Label63}d}}"));
        Assert.Null(Refusal($"matchExpressions: [{{key: app, operator: In, values: [{Label63}]}}]"));
        Assert.Equal(
            $"label value \"{Label63}d\": " + ValueRule,
            Refusal($"matchExpressions: [{{key: app, operator: In, values: [{Label63}d]}}]"));
    }

    [Theory]
    [InlineData("[{key: app, operator: In, values: [web, api]}]", null)]
    [InlineData("[{key: app, operator: NotIn, values: [web]}]", null)]
    [InlineData("[{key: app, operator: Exists}]", null)]
    [InlineData("[{key: app, operator: DoesNotExist}]", null)]
    [InlineData("[{key: app, operator: Exists, values: []}]", null)]
    [InlineData("[{key: example.com/app, operator: In, values: [\"\"]}]", null)]
    [InlineData("[{key: app, operator: In, values: [~]}]", null)]
    [InlineData("[x]", "a matchExpressions entry must be a mapping")]
    [InlineData("[{key: app, operator: In}]", ValuesNeeded)]
    [InlineData("[{key: app, operator: NotIn, values: []}]", ValuesNeeded)]
    [InlineData("[{key: app, operator: Exists, values: [web]}]", NoValues)]
    [InlineData("[{key: app, operator: DoesNotExist, values: [web]}]", NoValues)]
    [InlineData("[{key: app, operator: In, values: [web, \"-api\"]}]", "label value \"-api\": " + ValueRule)]
    [InlineData("[{key: app, operator: NotIn, values: [\"web site\"]}]", "label value \"web site\": " + ValueRule)]
    [InlineData("[{key: app, operator: in, values: [web]}]", "\"in\" is not a valid label selector operator")]
    [InlineData("[{key: app, values: [web]}]", "\"\" is not a valid label selector operator")]
    [InlineData("[{operator: Exists}]", "key \"\": " + NameRule)]
    [InlineData("[{key: \"-app\", operator: Exists}]", "key \"-app\": " + NameRule)]
    // The key is checked before the operator.
    [InlineData("[{key: \"-app\", operator: Bogus}]", "key \"-app\": " + NameRule)]
    [InlineData("[{key: \"a/b/c\", operator: In}]", "key \"a/b/c\": " + PartsRule)]
    // Every expression is checked, not only the first.
    [InlineData("[{key: app, operator: Exists}, {key: tier, operator: In}]", ValuesNeeded)]
    public void MatchExpressions_keys_operators_and_values(string expressions, string? refusal) =>
        Assert.Equal(refusal, Refusal("matchExpressions: " + expressions));

    [Fact]
    public void MatchLabels_are_checked_before_matchExpressions()
    {
        Assert.Equal(
            "label value \"-web\": " + ValueRule,
            Refusal("{matchLabels: {app: \"-web\"}, matchExpressions: [{key: app, operator: In}]}"));
    }
}
