using ManifestGuard.Policies;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Policies;

/// <summary>
/// The small readers every policy format shares: the words a message uses for a node, the JSON type the API
/// server sees after kubectl's YAML 1.1 conversion, booleans, and the group of an apiVersion.
/// </summary>
public sealed class PolicyYamlMutationTests
{
    private static YamlNode Node(string yaml)
    {
        var root = Assert.IsType<YamlMapping>(Assert.Single(YamlDocumentParser.Parse("v: " + yaml + "\n").Documents));
        return Assert.IsAssignableFrom<YamlNode>(root["v"]);
    }

    [Theory]
    [InlineData("[a]", "a list")]
    [InlineData("{a: b}", "a mapping")]
    [InlineData("text", "text")]
    [InlineData("\"quoted\"", "quoted")]
    public void Describe_names_a_collection_by_its_kind_and_a_scalar_by_its_text(string yaml, string described) =>
        Assert.Equal(described, PolicyYaml.Describe(Node(yaml)));

    [Theory]
    [InlineData("{a: b}", "object")]
    [InlineData("[a]", "array")]
    [InlineData("~", "null")]
    [InlineData("null", "null")]
    [InlineData("yes", "boolean")]
    [InlineData("False", "boolean")]
    [InlineData("42", "integer")]
    [InlineData("-7", "integer")]
    [InlineData("0x1F", "integer")]
    [InlineData("1.5", "number")]
    [InlineData("1e3", "number")]
    [InlineData(".inf", "number")]
    [InlineData("\"42\"", "string")]
    [InlineData("!!str 42", "string")]
    [InlineData("quay.io", "string")]
    public void JsonType_is_the_type_after_YAML_1_1_resolution(string yaml, string type) =>
        Assert.Equal(type, PolicyYaml.JsonType(Node(yaml)));

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("\"true\"", false)]
    [InlineData("yes", false)]
    [InlineData("false", false)]
    [InlineData("[true]", false)]
    public void IsTrue_only_for_a_plain_true(string yaml, bool isTrue) =>
        Assert.Equal(isTrue, PolicyYaml.IsTrue(Node(yaml)));

    [Theory]
    [InlineData("apps/v1", "apps")]
    [InlineData("config.openshift.io/v1", "config.openshift.io")]
    [InlineData("v1", "")]
    [InlineData(null, "")]
    public void Group_is_the_part_before_the_slash(string? apiVersion, string group) =>
        Assert.Equal(group, PolicyYaml.Group(apiVersion));
}
