using System.Text.Json.Nodes;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>Reads the upstream test tables kept under TestData/upstream/&lt;project&gt;/.</summary>
internal static class UpstreamTable
{
    public static string PathOf(string project, string file) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "upstream", project, file);

    public static JsonObject Json(string project, string file) =>
        JsonNode.Parse(File.ReadAllText(PathOf(project, file)))!.AsObject();
}
