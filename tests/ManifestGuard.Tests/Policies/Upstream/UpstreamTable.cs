using System.Text.Json.Nodes;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>Reads the upstream test tables kept under TestData/upstream/&lt;project&gt;/.</summary>
internal static class UpstreamTable
{
    public static string PathOf(string project, string file) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "upstream", project, file);

    public static JsonObject Json(string project, string file) =>
        JsonNode.Parse(File.ReadAllText(PathOf(project, file)))!.AsObject();

    /// <summary>The mappings listed under a key at the root of a YAML table file.</summary>
    public static List<YamlMapping> YamlItems(string project, string file, string key)
    {
        var parsed = YamlDocumentParser.Parse(File.ReadAllText(PathOf(project, file)));
        Assert.Null(parsed.Error);
        return ((YamlSequence)((YamlMapping)parsed.Documents[0])[key]!).Items.Cast<YamlMapping>().ToList();
    }

    /// <summary>A node's text as written in a table file, moved to the left margin to stand at a file's root.</summary>
    public static string AtLeftMargin(string project, string file, YamlNode node)
    {
        var text = File.ReadAllText(PathOf(project, file));
        var indent = node.Span.StartColumn - 1;
        var lines = text[node.Span.StartOffset..node.Span.EndOffset].Split('\n');
        return string.Join("\n", lines.Select((l, i) => i == 0 || l.Length < indent ? l : l[indent..])).TrimEnd();
    }
}
