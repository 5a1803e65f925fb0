using System.Text.Json.Nodes;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>
/// containers/image's policy.json parsing tables (signature/policy_config_test.go and
/// policy_config_sigstore_test.go), one case per upstream row: the row's valid object, changed as the row's
/// break function changes it, must be refused (MG304) exactly when containers/image refuses it.
/// </summary>
public sealed class ContainersImagePolicyConfigTableTests
{
    private const string Project = "containers-image";
    private const string File = "policy_config_rows.json";
    private const string DuplicateMarker = "\"duplicate-marker\"";

    private static readonly JsonObject Table = UpstreamTable.Json(Project, File);

    public static TheoryData<string, int> Rows()
    {
        var data = new TheoryData<string, int>();
        var rows = Table["rows"]!.AsArray();
        for (var i = 0; i < rows.Count; i++)
        {
            data.Add($"{rows[i]!["file"]}:{rows[i]!["line"]}", i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Our_verdict_agrees_with_containers_image(string upstreamCase, int index)
    {
        var row = Table["rows"]![index]!.AsObject();
        var text = PolicyText(row);

        var set = FromFiles(("policy.json", text));

        var refused = set.Problems.Any(p => p.RuleId == "MG304");
        Assert.True(row["valid"]!.GetValue<bool>() != refused, $"{upstreamCase}: {text} → {string.Join("; ", set.Problems.Select(p => p.Message))}");
    }

    [Fact]
    public void Every_row_is_read()
    {
        // A guard against a table that silently shrinks: the rows transcribed from both upstream files.
        var rows = Table["rows"]!.AsArray();
        Assert.Equal(165, rows.Count);
        Assert.Contains(rows, r => r!["valid"]!.GetValue<bool>());
        Assert.Contains(rows, r => !r!["valid"]!.GetValue<bool>());
    }

    /// <summary>The policy.json text of a row: its base (a requirement as the global default, or a whole policy) with the row's changes.</summary>
    private static string PolicyText(JsonObject row)
    {
        var baseName = row["base"]!.GetValue<string>();
        var root = baseName == "policy"
            ? Table["policy"]!.DeepClone().AsObject()
            : new JsonObject { ["default"] = new JsonArray(Table["bases"]![baseName]!.DeepClone()) };
        var target = baseName == "policy" ? root : root["default"]![0]!.AsObject();
        if (row["at"] is { } at)
        {
            target = target[at.GetValue<string>()]!.AsObject();
        }
        foreach (var key in row["delete"]?.AsArray() ?? [])
        {
            target.Remove(key!.GetValue<string>());
        }
        foreach (var (key, value) in row["set"]?.AsObject() ?? [])
        {
            target[key] = value?.DeepClone();
        }
        if (row["duplicate"] is not { } duplicate)
        {
            return root.ToJsonString();
        }
        // JsonObject cannot hold a key twice: write the target by hand with the key repeated, in its place.
        var key2 = duplicate.GetValue<string>();
        var members = target.Select(p => $"{JsonValue.Create(p.Key).ToJsonString()}:{p.Value?.ToJsonString() ?? "null"}").ToList();
        members.Add($"{JsonValue.Create(key2).ToJsonString()}:{target[key2]?.ToJsonString() ?? "null"}");
        var objectText = "{" + string.Join(",", members) + "}";
        var parent = target.Parent;
        if (parent is null)
        {
            return objectText;
        }
        ReplaceWithMarker(target);
        return root.ToJsonString().Replace(DuplicateMarker, objectText, StringComparison.Ordinal);
    }

    private static void ReplaceWithMarker(JsonObject target)
    {
        var marker = JsonValue.Create("duplicate-marker");
        switch (target.Parent)
        {
            case JsonArray array:
                array[array.IndexOf(target)] = marker;
                break;
            case JsonObject parent:
                parent[target.GetPropertyName()] = marker;
                break;
            default:
                throw new InvalidOperationException("a duplicate needs a parent object or list");
        }
    }
}
