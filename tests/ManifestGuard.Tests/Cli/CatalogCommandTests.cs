using System.Text.Json;
using Xunit;

namespace ManifestGuard.Tests.Cli;

/// <summary>`rules`, `explain` and `images`: what they print comes from the rule files and the scan.</summary>
public sealed class CatalogCommandTests
{
    [Fact]
    public void Rules_lists_every_rule_file()
    {
        var files = Directory.GetFiles(RepositoryRoot.Combine("rules"), "MG*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        var result = CliRunner.Run(RepositoryRoot.Path, null, "rules", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var ids = json.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(files, ids);
        Assert.Equal(17, ids.Count);
    }

    [Fact]
    public void Explain_prints_the_rule_help()
    {
        var result = CliRunner.Run(RepositoryRoot.Path, null, "explain", "MG101");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("MG101 image-not-pinned (default level: warning", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("manifestguard pin", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run(RepositoryRoot.Path, null, "explain", "registry-blocked").ExitCode);
    }

    [Fact]
    public void Explain_of_an_unknown_rule_is_exit_2() =>
        Assert.Equal(2, CliRunner.Run(RepositoryRoot.Path, null, "explain", "MG999").ExitCode);

    [Fact]
    public void Images_json_has_the_fields_of_the_design()
    {
        var result = CliRunner.Run(RepositoryRoot.Path, null, "images", "examples/apps/web", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var images = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, images.Count);
        var init = images[0];
        Assert.Equal("examples/apps/web/deployment.yaml", init.GetProperty("file").GetString());
        Assert.Equal(17, init.GetProperty("line").GetInt32());
        Assert.Equal(18, init.GetProperty("column").GetInt32());
        Assert.Equal("Deployment", init.GetProperty("kind").GetString());
        Assert.Equal("shop", init.GetProperty("namespace").GetString());
        Assert.Equal("web", init.GetProperty("name").GetString());
        Assert.Equal("migrate", init.GetProperty("container").GetString());
        Assert.Equal("spec.template.spec.initContainers[0].image", init.GetProperty("field").GetString());
        Assert.Equal("ghcr.io/acme/web-migrate:2.4.1", init.GetProperty("raw").GetString());
        Assert.Equal("ghcr.io", init.GetProperty("registry").GetString());
        Assert.Equal("acme/web-migrate", init.GetProperty("repository").GetString());
        Assert.Equal("2.4.1", init.GetProperty("tag").GetString());
        Assert.Equal(JsonValueKind.Null, init.GetProperty("digest").ValueKind);
        Assert.Equal("docker.io/library/nginx:latest", images[1].GetProperty("normalized").GetString());
    }

    [Fact]
    public void Images_json_reports_references_that_do_not_parse()
    {
        var result = CliRunner.Run(RepositoryRoot.Path, null, "images", "examples/apps/frontend", "--format", "json");
        using var json = JsonDocument.Parse(result.Stdout);
        var invalid = json.RootElement.EnumerateArray().Single(i => i.TryGetProperty("error", out _));
        Assert.Equal("ghcr.io/acme/Cache:7.2", invalid.GetProperty("raw").GetString());
        Assert.Contains("lowercase", invalid.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
