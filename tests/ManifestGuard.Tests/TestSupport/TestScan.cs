using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Rules;

namespace ManifestGuard.Tests.TestSupport;

/// <summary>Runs the real scanner over manifest text given inline, with a configuration given inline.</summary>
internal static class TestScan
{
    public const string FileName = "manifest.yaml";

    public static ManifestGuardConfig Config(string? configYaml) =>
        configYaml is null ? ManifestGuardConfig.Default : ConfigLoader.Parse(configYaml, System.IO.Path.Combine(System.IO.Path.GetTempPath(), ConfigLoader.FileName));

    public static IReadOnlyList<Finding> Findings(string manifest, string? configYaml = null) =>
        new ManifestScanner(Config(configYaml), RuleCatalog.Default) { MaxParallelism = 1 }
            .Scan([], System.IO.Path.GetTempPath(), new SourceText(FileName, null, manifest))
            .Findings;

    /// <summary>Unsuppressed findings of one rule.</summary>
    public static IReadOnlyList<Finding> Active(string manifest, string ruleId, string? configYaml = null) =>
        [.. Findings(manifest, configYaml).Where(f => f.RuleId == ruleId && !f.IsSuppressed)];

    /// <summary>A Pod named <paramref name="name"/> with one container `app` running <paramref name="image"/>, its image on line 8, column 14.</summary>
    public static string Pod(string name, string image) =>
        $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n    - name: app\n      image: {image}\n";

    /// <summary>A Pod with one container running <paramref name="image"/>, its image on line 8, column 14.</summary>
    public static string Pod(string image) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: app
              image: {image}
        """;
}
