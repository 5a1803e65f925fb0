using ManifestGuard.Configuration;
using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Configuration;

/// <summary>The `workloads` key: custom resources and the fields of theirs that hold images.</summary>
public sealed class WorkloadsConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Kinds_api_versions_and_field_paths_are_read()
    {
        var config = ConfigLoader.Parse(
            "workloads:\n  - kind: MyApp\n    apiVersion: example.com/v1\n    images: [spec.image, \"spec.components[*].image\"]\n  - kind: Job2\n    images: [spec.runner.image]\n",
            _dir.Combine(ConfigLoader.FileName));

        Assert.Equal(2, config.Workloads.Count);
        Assert.Equal(("MyApp", "example.com/v1"), (config.Workloads[0].Kind, config.Workloads[0].ApiVersion));
        Assert.Equal(["spec.image", "spec.components[*].image"], config.Workloads[0].Images.Select(p => p.Text));
        Assert.Null(config.Workloads[1].ApiVersion);
        Assert.True(config.Workloads[0].Matches("example.com/v1", "MyApp"));
        Assert.False(config.Workloads[0].Matches("example.com/v2", "MyApp"));
        Assert.True(config.Workloads[1].Matches("anything.io/v9", "Job2"));
    }

    [Theory]
    [InlineData("workloads:\n  - kind: MyApp\n    images: [\"spec.components[x].image\"]\n", "workloads[0].images: \"spec.components[x].image\" is not a field path", 3, 14)]
    [InlineData("workloads:\n  - kind: MyApp\n    images: [\"spec..image\"]\n", "is not a field path", 3, 14)]
    [InlineData("workloads:\n  - kind: MyApp\n    images:\n      - spec.image\n      - \"spec.parts[*.image\"\n", "a list index is written [*] or [N]", 5, 9)]
    [InlineData("workloads:\n  - images: [spec.image]\n", "workloads[0]: kind is required", 2, 5)]
    [InlineData("workloads:\n  - kind: MyApp\n", "images must list at least one field path", 2, 5)]
    [InlineData("workloads:\n  - kind: MyApp\n    image: [spec.image]\n", "unknown key \"workloads[0].image\"", 3, 5)]
    [InlineData("workloads: {kind: MyApp}\n", "workloads: expected a list", 1, 12)]
    public void A_bad_workload_is_an_error_at_its_position(string text, string message, int line, int column)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse(text, _dir.Combine(ConfigLoader.FileName)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Images_of_a_custom_resource_are_listed_and_checked_at_their_scalar()
    {
        _dir.Write(".manifestguard.yaml", "workloads:\n  - kind: MyApp\n    apiVersion: example.com\n    images: [\"spec.components[*].image\"]\n");
        _dir.Write("app.yaml", "apiVersion: example.com/v1\nkind: MyApp\nmetadata: {name: shop}\nspec:\n  components:\n    - name: web\n      image: nginx:latest\n");

        var check = CliRunner.Run(_dir.Path, null, "check", ".");
        var images = CliRunner.Run(_dir.Path, null, "images", ".", "--format", "json");

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("app.yaml:7:14: error MG102", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"field\": \"spec.components[0].image\"", images.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"container\": \"web\"", images.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"line\": 7", images.Stdout, StringComparison.Ordinal);
    }
}
