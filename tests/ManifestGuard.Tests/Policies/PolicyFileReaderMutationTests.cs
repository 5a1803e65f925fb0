using ManifestGuard.Configuration;
using ManifestGuard.Policies;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Policies;

/// <summary>
/// How a `policyFiles` entry's format is told from its content, each marker on its own, and the errors a user
/// meets for a file that cannot be read or is none of the formats.
/// </summary>
public sealed class PolicyFileReaderMutationTests
{
    private const string Display = "policies/policy.yaml";

    [Theory]
    // containers policy.json, as JSON (also with tabs or a duplicate key: its own reader explains those) or as YAML.
    [InlineData("{\"default\": [{\"type\": \"reject\"}]}", "ContainersPolicy")]
    [InlineData("{\"transports\": {}}", "ContainersPolicy")]
    [InlineData("{\n\t\"default\": [{\"type\": \"reject\"}]\n}", "ContainersPolicy")]
    [InlineData("{\n\t\"transports\": {}\n}", "ContainersPolicy")]
    [InlineData("{\"default\": [], \"default\": []}", "ContainersPolicy")]
    [InlineData("default:\n- type: reject\n", "ContainersPolicy")]
    [InlineData("transports: {}\n", "ContainersPolicy")]
    // registries.d
    [InlineData("default-docker:\n  use-sigstore-attachments: true\n", "RegistriesDirectory")]
    [InlineData("docker:\n  quay.io:\n    use-sigstore-attachments: true\n", "RegistriesDirectory")]
    // OpenShift 3 master-config and the ImagePolicy plugin's own file
    [InlineData("kind: MasterConfig\n", "MasterConfig")]
    [InlineData("kind: ImagePolicyConfig\n", "MasterConfig")]
    [InlineData("imagePolicyConfig: {}\n", "MasterConfig")]
    [InlineData("admissionConfig: {}\n", "MasterConfig")]
    // A JSON object that is not a policy.json is read as YAML.
    [InlineData("{\"apiVersion\": \"v1\", \"kind\": \"MasterConfig\"}", "MasterConfig")]
    [InlineData("{\"apiVersion\": \"config.openshift.io/v1\", \"kind\": \"Image\"}", "Documents")]
    // Kubernetes objects, MachineConfigs and Butane configs, every document of them.
    [InlineData("apiVersion: config.openshift.io/v1\nkind: Image\n---\napiVersion: v1\nkind: Pod\n", "Documents")]
    [InlineData("variant: openshift\nversion: 4.16.0\n", "Documents")]
    [InlineData("apiVersion: v1\nkind: Image\n---\nvariant: openshift\nversion: 4.16.0\n", "Documents")]
    public void The_format_is_told_by_content(string text, string kind) =>
        Assert.Equal(Enum.Parse<PolicyFileKind>(kind), PolicyFileReader.Parse(text, Display).Kind);

    [Theory]
    [InlineData("apiVersion: v1\n", 1, 1)]
    [InlineData("kind: Image\n", 1, 1)]
    [InlineData("variant: openshift\n", 1, 1)]
    [InlineData("variant: fcos\nversion: 1.5.0\n", 1, 1)]
    // Every document must be an object: the first one's position is reported.
    [InlineData("apiVersion: v1\nkind: Pod\n---\n# note\nname: x\n", 1, 1)]
    [InlineData("# a comment\nname: x\n", 2, 1)]
    public void A_file_of_no_known_format_is_a_configuration_error(string text, int line, int column)
    {
        var error = Assert.Throws<ConfigurationException>(() => PolicyFileReader.Parse(text, Display));

        Assert.Equal(
            "not a recognized policy file: expected a containers policy.json, a registries.d YAML file, an OpenShift 3 "
            + "master-config.yaml, a MachineConfig or Butane config, "
            + "or policy objects (ClusterImagePolicy, ImagePolicy, Image)",
            error.Message);
        Assert.Equal((Display, line, column), (error.File, error.Line, error.Column));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("- a\n- b\n")]
    public void A_file_without_an_object_is_empty(string text)
    {
        var error = Assert.Throws<ConfigurationException>(() => PolicyFileReader.Parse(text, Display));

        Assert.Equal(("policy file is empty", Display, 1, 1), (error.Message, error.File, error.Line, error.Column));
    }

    [Fact]
    public void Broken_YAML_is_a_configuration_error_at_its_position()
    {
        var error = Assert.Throws<ConfigurationException>(
            () => PolicyFileReader.Parse("kind: Image\n  bad: [\n", Display));

        Assert.StartsWith("policy file is not valid YAML or JSON: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length > "policy file is not valid YAML or JSON: ".Length);
        Assert.Equal(Display, error.File);
        Assert.True(error.Line >= 2, $"line {error.Line}");
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_a_configuration_error_naming_it()
    {
        using var directory = new TempDirectory();
        var missing = Path.Combine(directory.Path, "missing.json");

        var error = Assert.Throws<ConfigurationException>(
            () => PolicyFileReader.Read(missing, "policies/missing.json"));

        Assert.StartsWith("cannot read policy file: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing.json", error.Message, StringComparison.Ordinal);
        Assert.Equal(("policies/missing.json", 0, 0), (error.File, error.Line, error.Column));
    }
}
