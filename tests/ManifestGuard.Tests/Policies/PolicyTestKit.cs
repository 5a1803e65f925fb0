using Xunit;
using ManifestGuard.Configuration;
using ManifestGuard.Findings;
using ManifestGuard.Policies;
using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Tests.Policies;

/// <summary>Builds policy sets from manifest text and asks them about images, as the scan will.</summary>
internal static class PolicyTestKit
{
    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Policies", name);

    public static List<PolicyDocument> Documents(string yaml, string file = "cluster/policy.yaml")
    {
        var parsed = YamlDocumentParser.Parse(yaml);
        Assert.Null(parsed.Error);
        return parsed.Documents.OfType<YamlMapping>().Select(root => new PolicyDocument(file, root)).ToList();
    }

    public static PolicySet FromManifests(string yaml, OkeSettings? oke = null) => PolicySet.Load(Documents(yaml), [], oke);

    /// <summary>Writes each text to a temporary file and loads them as `policyFiles`.</summary>
    public static PolicySet FromFiles(params (string Name, string Text)[] files)
    {
        var directory = Directory.CreateTempSubdirectory("mg-policies-");
        var entries = new List<(string, string)>();
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory.FullName, name);
            File.WriteAllText(path, text);
            entries.Add((path, "policies/" + name));
        }
        return PolicySet.Load([], entries, null);
    }

    public static ImageUse Use(string image, string? ns = "default", string kind = "Deployment", string apiVersion = "apps/v1", bool breakGlass = false) =>
        new(ImageReference.Parse(image), new ResourceIdentity(apiVersion, kind, ns, "app"), ns, breakGlass);

    /// <summary>The rule ids of the verdicts, sorted and joined, "" when the image is admitted without remark.</summary>
    public static string RuleIds(PolicySet set, ImageUse use) => string.Join(",", set.Evaluate(use).Select(v => v.RuleId).Order(StringComparer.Ordinal));
}
