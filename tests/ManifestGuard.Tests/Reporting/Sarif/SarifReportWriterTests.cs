using System.Text.Json;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Reporting;
using ManifestGuard.Reporting.Sarif;
using ManifestGuard.Rules;
using Xunit;

namespace ManifestGuard.Tests.Reporting.Sarif;

public class SarifReportWriterTests
{
    private static JsonElement Write(ScanReport report)
    {
        using var writer = new StringWriter();
        new SarifReportWriter(SampleReports.Version).Write(report, writer);
        using var document = JsonDocument.Parse(writer.ToString());
        return document.RootElement.Clone();
    }

    private static JsonElement Run(JsonElement log) => log.GetProperty("runs")[0];

    private static JsonElement ResultFor(JsonElement log, string uri) =>
        Run(log).GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString() == uri);

    [Fact]
    public void Log_names_the_schema_and_version_and_has_one_run()
    {
        var log = Write(SampleReports.Representative());

        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", log.GetProperty("$schema").GetString());
        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
        Assert.Single(log.GetProperty("runs").EnumerateArray());
    }

    [Fact]
    public void Driver_carries_every_rule_of_the_catalog_with_its_metadata()
    {
        var driver = Run(Write(SampleReports.Representative())).GetProperty("tool").GetProperty("driver");

        Assert.Equal("ManifestGuard", driver.GetProperty("name").GetString());
        Assert.Equal(SampleReports.Version, driver.GetProperty("version").GetString());
        Assert.Equal(SampleReports.Version, driver.GetProperty("semanticVersion").GetString());
        Assert.StartsWith("https://", driver.GetProperty("informationUri").GetString(), StringComparison.Ordinal);
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(SampleReports.Catalog.Rules.Select(r => r.Id), rules.Select(r => r.GetProperty("id").GetString()));

        var mg102 = rules.Single(r => r.GetProperty("id").GetString() == RuleIds.ImageLatestTag);
        Assert.Equal("image-latest-tag", mg102.GetProperty("name").GetString());
        Assert.Equal("Short description of image-latest-tag.", mg102.GetProperty("shortDescription").GetProperty("text").GetString());
        Assert.Equal("Full description of image-latest-tag.", mg102.GetProperty("fullDescription").GetProperty("text").GetString());
        Assert.Contains("**image-latest-tag**", mg102.GetProperty("help").GetProperty("markdown").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(mg102.GetProperty("help").GetProperty("text").GetString()));
        Assert.Equal(SampleReports.Catalog.Get(RuleIds.ImageLatestTag).HelpUri, mg102.GetProperty("helpUri").GetString());
        Assert.Equal("error", mg102.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        var properties = mg102.GetProperty("properties");
        Assert.Equal(["security", "images"], properties.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("very-high", properties.GetProperty("precision").GetString());
        Assert.Equal("7.0", properties.GetProperty("security-severity").GetString());
    }

    [Fact]
    public void Tool_version_drops_the_commit_the_sdk_appends()
    {
        Assert.DoesNotContain('+', ToolVersion.Current);
        Assert.Equal("0.1.0", ToolVersion.Strip("0.1.0+3f2a9c1"));
        Assert.Equal("0.1.0-beta.2", ToolVersion.Strip("0.1.0-beta.2"));
    }

    [Fact]
    public void Result_points_at_the_scalar_relative_to_the_source_root()
    {
        var log = Write(SampleReports.Representative());
        var result = ResultFor(log, "apps/web%20deployment.yaml");

        Assert.Equal(RuleIds.ImageNotPinned, result.GetProperty("ruleId").GetString());
        Assert.Equal(0, result.GetProperty("ruleIndex").GetInt32());
        Assert.Equal("warning", result.GetProperty("level").GetString());
        Assert.Equal(SampleReports.Unpinned().Message, result.GetProperty("message").GetProperty("text").GetString());
        var physical = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("%SRCROOT%", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        var region = physical.GetProperty("region");
        Assert.Equal(21, region.GetProperty("startLine").GetInt32());
        Assert.Equal(18, region.GetProperty("startColumn").GetInt32());
        Assert.Equal(21, region.GetProperty("endLine").GetInt32());
        Assert.Equal(18 + "nginx:1.27".Length, region.GetProperty("endColumn").GetInt32());
    }

    [Fact]
    public void Rule_index_points_at_the_rule_in_the_driver()
    {
        var log = Write(SampleReports.Representative());
        var rules = Run(log).GetProperty("tool").GetProperty("driver").GetProperty("rules");

        foreach (var result in Run(log).GetProperty("results").EnumerateArray())
        {
            var index = result.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(result.GetProperty("ruleId").GetString(), rules[index].GetProperty("id").GetString());
        }
    }

    [Fact]
    public void Rule_missing_from_the_catalog_gets_no_rule_index()
    {
        var finding = SampleReports.Unpinned() with { RuleId = "MG999" };
        var result = Run(Write(SampleReports.Report(finding))).GetProperty("results")[0];

        Assert.Equal("MG999", result.GetProperty("ruleId").GetString());
        Assert.False(result.TryGetProperty("ruleIndex", out _));
    }

    [Fact]
    public void Source_root_is_a_file_uri_with_a_trailing_slash()
    {
        var run = Run(Write(SampleReports.Representative()));
        var root = run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!;

        Assert.Equal(
            OperatingSystem.IsWindows() ? "file:///C:/src/my%20repo/d%C3%A9p%C3%B4t/" : "file:///src/my%20repo/d%C3%A9p%C3%B4t/",
            root);
    }

    [Theory]
    [InlineData(SampleReports.SpacedFile, "apps/web%20deployment.yaml")]
    [InlineData(SampleReports.NonAsciiFile, "apps/caf%C3%A9/%C3%B1and%C3%BA.yaml")]
    [InlineData(SourceText.StdinName, "%3Cstdin%3E")]
    [InlineData("a/100%#1?.yaml", "a/100%25%231%3F.yaml")]
    public void Artifact_uri_escapes_each_segment_and_resolves_back_to_the_file(string file, string uri)
    {
        Assert.Equal(uri, SarifUri.Relative(file));

        // What a consumer does with it: resolve against the source root and get the file back.
        var root = new Uri(SarifUri.Directory(SampleReports.RootDirectory));
        var resolved = new Uri(root, uri);
        Assert.Equal(Path.Combine(SampleReports.RootDirectory, file.Replace('/', Path.DirectorySeparatorChar)), resolved.LocalPath);
    }

    [Theory]
    [InlineData("/", "file:///")]
    [InlineData("/src/repo", "file:///src/repo/")]
    [InlineData("/src/repo/", "file:///src/repo/")]
    [InlineData("/src/a b#c", "file:///src/a%20b%23c/")]
    [InlineData(@"C:\src\repo", "file:///C:/src/repo/")]
    [InlineData(@"\\server\share\repo", "file://server/share/repo/")]
    public void Directory_uri(string directory, string uri)
    {
        Assert.Equal(uri, SarifUri.Directory(directory));
    }

    [Fact]
    public void Resource_is_a_logical_location()
    {
        var log = Write(SampleReports.Representative());
        var logical = ResultFor(log, "apps/web%20deployment.yaml").GetProperty("locations")[0].GetProperty("logicalLocations")[0];

        Assert.Equal("web", logical.GetProperty("name").GetString());
        Assert.Equal("Deployment/shop/web", logical.GetProperty("fullyQualifiedName").GetString());
        Assert.Equal("resource", logical.GetProperty("kind").GetString());

        var parseError = ResultFor(log, "broken.yaml").GetProperty("locations")[0];
        Assert.False(parseError.TryGetProperty("logicalLocations", out _));
    }

    [Fact]
    public void Suppressed_findings_stay_with_the_kind_of_their_suppression()
    {
        var results = Run(Write(SampleReports.Representative())).GetProperty("results").EnumerateArray().ToList();
        var byRule = results.ToDictionary(r => r.GetProperty("ruleId").GetString() + "@" + r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());

        var inline = byRule["MG102@apps/caf%C3%A9/%C3%B1and%C3%BA.yaml"].GetProperty("suppressions")[0];
        Assert.Equal("inSource", inline.GetProperty("kind").GetString());
        Assert.Equal("local development only", inline.GetProperty("justification").GetString());

        var annotation = byRule["MG401@apps/caf%C3%A9/%C3%B1and%C3%BA.yaml"].GetProperty("suppressions")[0];
        Assert.Equal("external", annotation.GetProperty("kind").GetString());
        Assert.False(annotation.TryGetProperty("justification", out _));

        Assert.False(byRule["MG101@apps/web%20deployment.yaml"].TryGetProperty("suppressions", out _));
        Assert.Equal(5, results.Count);
    }

    [Fact]
    public void Fix_replaces_the_image_scalar()
    {
        var result = ResultFor(Write(SampleReports.Representative()), "apps/web%20deployment.yaml");
        var fix = result.GetProperty("fixes")[0];

        Assert.Equal("Pin the image to the digest its tag points at", fix.GetProperty("description").GetProperty("text").GetString());
        var change = fix.GetProperty("artifactChanges")[0];
        Assert.Equal("apps/web%20deployment.yaml", change.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", change.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        var replacement = change.GetProperty("replacements")[0];
        Assert.Equal(18, replacement.GetProperty("deletedRegion").GetProperty("startColumn").GetInt32());
        Assert.Equal(28, replacement.GetProperty("deletedRegion").GetProperty("endColumn").GetInt32());
        Assert.Equal("nginx:1.27@sha256:" + new string('a', 64), replacement.GetProperty("insertedContent").GetProperty("text").GetString());

        Assert.False(ResultFor(Write(SampleReports.Representative()), "broken.yaml").TryGetProperty("fixes", out _));
    }

    [Fact]
    public void Properties_carry_image_container_field_resource_and_policy()
    {
        var log = Write(SampleReports.Representative());
        var properties = ResultFor(log, "apps/web%20deployment.yaml").GetProperty("properties");

        Assert.Equal("nginx:1.27", properties.GetProperty("image").GetString());
        Assert.Equal("docker.io/library/nginx:1.27", properties.GetProperty("normalizedImage").GetString());
        Assert.Equal("web", properties.GetProperty("container").GetString());
        Assert.Equal("spec.template.spec.containers[0].image", properties.GetProperty("field").GetString());
        Assert.Equal("Deployment/shop/web", properties.GetProperty("resource").GetString());
        Assert.False(properties.TryGetProperty("policy", out _));

        var breakGlass = Run(log).GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == RuleIds.BreakGlassUsed);
        Assert.Equal("breakGlass.annotations", breakGlass.GetProperty("properties").GetProperty("policy").GetString());
        Assert.False(ResultFor(log, "broken.yaml").TryGetProperty("properties", out _));
    }

    [Fact]
    public void Output_is_indented_readable_and_ends_lines_with_lf()
    {
        using var writer = new StringWriter();
        new SarifReportWriter(SampleReports.Version).Write(SampleReports.Representative(), writer);
        var text = writer.ToString();

        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.Contains("\n  \"version\": \"2.1.0\"", text, StringComparison.Ordinal);
        // Non-ASCII and backquotes are written as they are, not as \u escapes.
        Assert.Contains("\"Pod/café/cache\"", text, StringComparison.Ordinal);
        Assert.Contains("image `nginx:1.27`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_report_is_a_valid_run_without_results()
    {
        var run = Run(Write(SampleReports.Report()));

        Assert.Empty(run.GetProperty("results").EnumerateArray());
        Assert.False(run.TryGetProperty("artifacts", out _));
        Assert.Equal(SampleReports.Catalog.Rules.Count, run.GetProperty("tool").GetProperty("driver").GetProperty("rules").GetArrayLength());
    }

    [Fact]
    public void Artifacts_list_each_file_with_findings_once()
    {
        var artifacts = Run(Write(SampleReports.Representative())).GetProperty("artifacts").EnumerateArray()
            .Select(a => a.GetProperty("location").GetProperty("uri").GetString())
            .ToList();

        Assert.Equal(["%3Cstdin%3E", "apps/caf%C3%A9/%C3%B1and%C3%BA.yaml", "apps/web%20deployment.yaml", "broken.yaml"], artifacts);
    }
}
