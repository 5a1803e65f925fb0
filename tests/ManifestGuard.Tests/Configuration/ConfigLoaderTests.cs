using ManifestGuard.Configuration;
using ManifestGuard.Findings;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Configuration;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ConfigPath => _dir.Combine(ConfigLoader.FileName);

    private ConfigurationException Rejects(string text) =>
        Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse(text, ConfigPath));

    [Fact]
    public void Every_key_is_read()
    {
        _dir.Write("policies/policy.json", "{}");
        const string text = """
            include: ["manifests/**/*.yaml"]
            exclude: ["**/charts/**"]
            rules:
              MG101: error
              MG102: note
              MG401: off
            registries:
              allowed: [ghcr.io/acme, nginx]
              blocked: [docker.io/randomuser]
              insecure: ["registry.lan:5000"]
              mirrors:
                docker.io: https://mirror.example.com/
            requireDigest: [ghcr.io/acme]
            disallowedTags: [latest, main]
            exemptImages: ["registry.k8s.io/pause*"]
            breakGlass:
              annotations: [example.com/emergency]
              labels: [example.com/emergency-label]
              exemptFromPolicies: false
            policyFiles: [policies/policy.json]
            defaultNamespace: apps
            oke:
              enabled: true
              keyIds: [ocid1.key.oc1.iad.example]
              registries: [registry.example.com/team]
            pin:
              helmValues: ["charts/*/values.yaml"]
            """;

        var config = ConfigLoader.Parse(text, ConfigPath);

        Assert.Equal(ConfigPath, config.Path);
        Assert.Equal(["manifests/**/*.yaml"], config.Include);
        Assert.Equal(["**/charts/**"], config.Exclude);
        Assert.Equal(FindingLevel.Error, config.LevelOf("MG101", FindingLevel.Warning));
        Assert.Equal(FindingLevel.Note, config.LevelOf("MG102", FindingLevel.Error));
        Assert.Equal(FindingLevel.Off, config.LevelOf("MG401", FindingLevel.Warning));
        Assert.Equal(FindingLevel.Error, config.LevelOf("MG103", FindingLevel.Error));
        Assert.Equal(["ghcr.io/acme", "nginx"], config.AllowedRegistries.Select(p => p.Text));
        Assert.Equal(["docker.io/randomuser"], config.BlockedRegistries.Select(p => p.Text));
        Assert.Equal(["registry.lan:5000"], config.InsecureRegistries);
        Assert.Equal("https://mirror.example.com", config.Mirrors["docker.io"]);
        Assert.Equal(["ghcr.io/acme"], config.RequireDigest.Select(p => p.Text));
        Assert.Equal(["latest", "main"], config.DisallowedTags);
        Assert.Equal(["registry.k8s.io/pause*"], config.ExemptImages);
        Assert.Equal(["example.com/emergency"], config.BreakGlass.Annotations);
        Assert.Equal(["example.com/emergency-label"], config.BreakGlass.Labels);
        Assert.False(config.BreakGlass.ExemptFromPolicies);
        var policy = Assert.Single(config.PolicyFiles);
        Assert.Equal((_dir.Combine("policies/policy.json"), "policies/policy.json"), policy);
        Assert.Equal("apps", config.DefaultNamespace);
        Assert.True(config.Oke?.Enabled);
        Assert.Equal(["ocid1.key.oc1.iad.example"], config.Oke?.KeyIds);
        Assert.Equal(["registry.example.com/team"], config.Oke?.Registries.Select(p => p.Text));
        Assert.Equal((ConfigPath, 23), (config.Oke?.ConfigFile, config.Oke?.Span.StartLine));
        Assert.Equal(["charts/*/values.yaml"], config.HelmValues);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing configured yet\n")]
    [InlineData("---\n")]
    public void An_empty_file_gives_the_defaults(string text)
    {
        var config = ConfigLoader.Parse(text, ConfigPath);

        Assert.Equal(ManifestGuardConfig.DefaultInclude, config.Include);
        Assert.Equal(["latest"], config.DisallowedTags);
        Assert.Equal(BreakGlassSettings.Default, config.BreakGlass);
        Assert.Empty(config.AllowedRegistries);
    }

    [Fact]
    public void Unset_keys_keep_their_defaults_beside_set_ones()
    {
        var config = ConfigLoader.Parse("breakGlass:\n  labels: []\n", ConfigPath);

        Assert.Empty(config.BreakGlass.Labels);
        Assert.Equal(BreakGlassSettings.Default.Annotations, config.BreakGlass.Annotations);
        Assert.True(config.BreakGlass.ExemptFromPolicies);
    }

    [Theory]
    [InlineData("include: []\nrulez:\n  MG101: off\n", "rulez", 2, 1)]
    [InlineData("registries:\n  allowed: []\n  allow: [ghcr.io]\n", "registries.allow", 3, 3)]
    [InlineData("breakGlass:\n  annotation: [example.com/x]\n", "breakGlass.annotation", 2, 3)]
    [InlineData("pin:\n  helmValues: []\n  helm: []\n", "pin.helm", 3, 3)]
    [InlineData("{include: [], requireDigests: []}", "requireDigests", 1, 15)]
    public void An_unknown_key_is_an_error_naming_the_key_and_its_line(string text, string key, int line, int column)
    {
        var error = Rejects(text);

        Assert.Contains($"unknown key \"{key}\"", error.Message, StringComparison.Ordinal);
        Assert.Equal((ConfigPath, line, column), (error.File, error.Line, error.Column));
        Assert.StartsWith($"{ConfigPath}:{line}:{column}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("include: \"**/*.yaml\"\n", "include: expected a list", 1, 10)]
    [InlineData("registries: [ghcr.io]\n", "registries: expected a mapping", 1, 13)]
    [InlineData("registries:\n  allowed:\n    - {host: ghcr.io}\n", "registries.allowed: expected a string", 3, 7)]
    [InlineData("rules: [MG101]\n", "rules: expected a mapping", 1, 8)]
    [InlineData("rules:\n  MG101: [error]\n", "rules.MG101: expected a string", 2, 10)]
    [InlineData("disallowedTags:\n  - ~\n", "disallowedTags: expected a string", 2, 5)]
    [InlineData("breakGlass:\n  exemptFromPolicies: yes\n", "\"yes\" is not true or false", 2, 23)]
    [InlineData("registries:\n  mirrors:\n    docker.io: ftp://mirror.example.com\n", "is not an http or https URL", 3, 16)]
    [InlineData("- include\n- exclude\n", "one YAML mapping", 1, 1)]
    [InlineData("include: []\n---\nexclude: []\n", "one YAML mapping", 1, 1)]
    [InlineData("include: []\ninclude: [x]\n", "duplicate key \"include\"", 2, 1)]
    [InlineData("include: [a\n", "not valid YAML", 2, 1)]
    public void A_value_of_the_wrong_shape_is_an_error_at_its_position(string text, string message, int line, int column)
    {
        var error = Rejects(text);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("registries:\n  maxConcurrency: 8\n", 8)]
    [InlineData("registries:\n  maxConcurrency: 64\n", 64)]
    [InlineData("registries: {}\n", null)]
    public void The_bound_on_requests_per_registry_is_read(string text, int? bound)
    {
        Assert.Equal(bound, ConfigLoader.Parse(text, ConfigPath).RegistryMaxConcurrency);
    }

    [Theory]
    [InlineData("registries:\n  maxConcurrency: 65\n", "at most 64 requests at once")]
    [InlineData("registries:\n  maxConcurrency: 0\n", "registries.maxConcurrency")]
    public void A_bound_on_requests_per_registry_outside_1_to_64_is_an_error(string text, string message)
    {
        var error = Rejects(text);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 19), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("rules:\n  MG101: off\n  MG999: error\n", "MG999", 3, 3)]
    [InlineData("rules:\n  image-not-pinned: off\n", "image-not-pinned", 2, 3)]
    public void An_unknown_rule_id_is_an_error(string text, string id, int line, int column)
    {
        var error = Rejects(text);

        Assert.Contains($"unknown rule \"{id}\"", error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("fatal")]
    [InlineData("Error")]
    [InlineData("warn")]
    [InlineData("false")]
    public void A_level_that_is_not_error_warning_note_or_off_is_an_error(string level)
    {
        var error = Rejects($"rules:\n  MG101: {level}\n");

        Assert.Contains($"\"{level}\" is not a level", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 10), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("registries:\n  allowed:\n    - ghcr.io/Acme\n", "registries.allowed", 3, 7)]
    [InlineData("registries:\n  blocked:\n    - \"\"\n", "registries.blocked", 3, 7)]
    [InlineData("registries:\n  allowed:\n    - \"bad host.io/app\"\n", "registries.allowed", 3, 7)]
    [InlineData("requireDigest:\n  - ghcr.io/acme/app:1.0\n", "requireDigest", 2, 5)]
    [InlineData("requireDigest:\n  - \"*./app\"\n", "requireDigest", 2, 5)]
    public void A_pattern_that_is_not_a_registry_pattern_is_an_error_at_its_item(string text, string key, int line, int column)
    {
        var error = Rejects(text);

        Assert.StartsWith(key + ": ", error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void PolicyFiles_are_relative_to_the_configuration_file_not_the_current_folder()
    {
        var configPath = _dir.Write("deploy/.manifestguard.yaml", "policyFiles:\n  - policies/policy.json\n  - ../shared/registries.d\n");
        _dir.Write("deploy/policies/policy.json", "{}");
        Directory.CreateDirectory(_dir.Combine("shared/registries.d"));

        var config = ConfigLoader.Load(configPath);

        Assert.Equal(
            [(_dir.Combine("deploy/policies/policy.json"), "policies/policy.json"), (_dir.Combine("shared/registries.d"), "../shared/registries.d")],
            config.PolicyFiles);
    }

    [Fact]
    public void A_missing_policy_file_is_an_error_at_its_item()
    {
        _dir.Write("policies/policy.json", "{}");

        var error = Rejects("policyFiles:\n  - policies/policy.json\n  - policies/missing.json\n");

        Assert.Contains("\"policies/missing.json\" does not exist", error.Message, StringComparison.Ordinal);
        Assert.Equal((3, 5), (error.Line, error.Column));
    }

    [Fact]
    public void Find_looks_upwards_and_stops_at_the_repository_root()
    {
        _dir.Write(ConfigLoader.FileName, "");
        _dir.Write("repo/.git/HEAD", "ref: refs/heads/main\n");
        _dir.Write("repo/apps/web/deployment.yaml", "");
        _dir.Write("other/apps/web/deployment.yaml", "");

        Assert.Null(ConfigLoader.Find(_dir.Combine("repo/apps/web/deployment.yaml")));
        Assert.Equal(ConfigPath, ConfigLoader.Find(_dir.Combine("other/apps/web")));

        var repoConfig = _dir.Write("repo/.manifestguard.yaml", "");
        Assert.Equal(repoConfig, ConfigLoader.Find(_dir.Combine("repo/apps/web/deployment.yaml")));
    }

    [Fact]
    public void Find_stops_at_a_repository_root_the_caller_names_where_there_is_no_git_folder()
    {
        // An Argo CD plugin receives the repository's files without `.git`; it knows the root from the app's path.
        _dir.Write(ConfigLoader.FileName, "");
        _dir.Write("checkout/apps/web/deployment.yaml", "");

        Assert.Null(ConfigLoader.Find(_dir.Combine("checkout/apps/web"), repositoryRoot: _dir.Combine("checkout")));
        Assert.Equal(ConfigPath, ConfigLoader.Find(_dir.Combine("checkout/apps/web")));

        var appConfig = _dir.Write("checkout/apps/.manifestguard.yaml", "");
        Assert.Equal(appConfig, ConfigLoader.Find(_dir.Combine("checkout/apps/web"), repositoryRoot: _dir.Combine("checkout")));
    }

    [Fact]
    public void The_example_in_the_README_is_a_valid_configuration()
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        var section = readme[readme.IndexOf("## Configuration: `.manifestguard.yaml`", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var example = section[start..section.IndexOf("```\n", start, StringComparison.Ordinal)];
        _dir.Write("cluster/policy.json", "{}");
        _dir.Write("cluster/registries.d/default.yaml", "");
        // render.charts names a chart folder, which must hold a Chart.yaml.
        _dir.Write("deploy/charts/shop/Chart.yaml", "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
        _dir.Write("deploy/charts/shop/values-prod.yaml", "");

        var config = ConfigLoader.Parse(example, ConfigPath);

        Assert.Equal(["ocid1.key.oc1..example"], config.Oke?.KeyIds);
        Assert.Single(config.Workloads);
    }

    [Fact]
    public void Oke_settings_default_to_disabled_and_the_ocir_registries()
    {
        var config = ConfigLoader.Parse("oke: {}\n", ConfigPath);
        Assert.False(config.Oke?.Enabled);
        Assert.Empty(config.Oke?.KeyIds ?? ["missing"]);
        Assert.Equal(["*.ocir.io"], config.Oke?.Registries.Select(p => p.Text));
        Assert.Null(ConfigLoader.Parse("defaultNamespace: apps\n", ConfigPath).Oke);
    }
}
