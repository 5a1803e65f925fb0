using ManifestGuard.Policies;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Policies;

/// <summary>
/// The scan builds only documents of the kinds <see cref="PolicySet.IsPolicyKind"/> names (and Butane
/// configs, by their `variant` key): every document <see cref="PolicySet.IsPolicyDocument"/> accepts
/// must be among them, or a policy would go unread.
/// </summary>
public class PolicyKindTests
{
    [Theory]
    [InlineData("apiVersion: machineconfiguration.openshift.io/v1\nkind: MachineConfig\nmetadata: {name: a}\n")]
    [InlineData("apiVersion: config.openshift.io/v1\nkind: Image\nmetadata: {name: cluster}\n")]
    [InlineData("apiVersion: config.openshift.io/v1\nkind: ClusterImagePolicy\nmetadata: {name: a}\n")]
    [InlineData("apiVersion: config.openshift.io/v1alpha1\nkind: ImagePolicy\nmetadata: {name: a}\n")]
    [InlineData("apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: a}\n")]
    [InlineData("variant: openshift\nversion: 4.16.0\nmetadata: {name: a}\n")]
    public void Every_policy_document_is_of_a_policy_kind_or_a_Butane_config(string text)
    {
        var root = Assert.IsType<YamlMapping>(Assert.Single(YamlDocumentParser.Parse(text).Documents));

        Assert.True(PolicySet.IsPolicyDocument(root));
        Assert.True(root.ScalarAt("kind") is { } kind ? PolicySet.IsPolicyKind(kind) : root.KeyNode("variant") is not null);
    }

    [Theory]
    [InlineData("Service")]
    [InlineData("CustomResourceDefinition")]
    [InlineData("ConfigMap")]
    public void Other_kinds_are_not_policy_kinds(string kind) => Assert.False(PolicySet.IsPolicyKind(kind));
}
