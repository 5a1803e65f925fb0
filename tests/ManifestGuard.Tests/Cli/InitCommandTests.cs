using System.Diagnostics;
using ManifestGuard.Configuration;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Cli;

/// <summary>`init` on a repository as a newcomer runs it: a starter configuration that loads and validates.</summary>
public sealed class InitCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public InitCommandTests()
    {
        Directory.CreateDirectory(_dir.Combine(".git"));
        _dir.Write("apps/web.yaml", TestScan.Pod("web", "quay.io/acme/web:1.0") + "---\n" + TestScan.Pod("cache", "redis:7"));
        _dir.Write("apps/tools.yaml", TestScan.Pod("tools", "quay.io/acme/tools:2.0") + "---\n" + TestScan.Pod("sh", "bitnami/kubectl:1.30"));
        _dir.Write("overlays/prod/kustomization.yaml", "resources: [../../apps]\n");
        _dir.Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
        _dir.Write("policy/cip.yaml", """
            apiVersion: config.openshift.io/v1
            kind: ClusterImagePolicy
            metadata:
              name: acme-signed
            spec:
              scopes: [quay.io/acme]
              policy:
                rootOfTrust:
                  policyType: PublicKey
                  publicKey:
                    keyData: LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0KTUZrd0V3WUhLb1pJemowQ0FRWUlLb1pJemowREFRY0RRZ0FFCi0tLS0tRU5EIFBVQkxJQyBLRVktLS0tLQo=
            """);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Init_writes_a_commented_starter_configuration_from_what_it_finds()
    {
        var result = CliRunner.Run(_dir.Combine("apps"), null, "init", "..");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Wrote ../.manifestguard.yaml: 3 registries, 1 policy objects, 1 kustomizations and 1 Helm charts found.", result.Stderr, StringComparison.Ordinal);
        var text = File.ReadAllText(_dir.Combine(".manifestguard.yaml"));
        Assert.Contains("#     - quay.io             # 2 images\n", text, StringComparison.Ordinal);
        Assert.Contains("#     - docker.io/bitnami   # 1 image\n", text, StringComparison.Ordinal);
        Assert.Contains("#     - docker.io/library   # 1 image\n", text, StringComparison.Ordinal);
        Assert.Contains("#   ClusterImagePolicy/acme-signed (policy/cip.yaml:1)\n", text, StringComparison.Ordinal);
        Assert.Contains("#   overlays/prod/kustomization.yaml\n", text, StringComparison.Ordinal);
        Assert.Contains("#   - \"charts/web/templates/**\"\n", text, StringComparison.Ordinal);
        // Every key written is explained by a comment right above it.
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0 && !lines[i].StartsWith('#') && !lines[i].StartsWith(' '))
            {
                Assert.True(i > 0 && lines[i - 1].StartsWith('#'), $"`{lines[i]}` has no comment above it");
            }
        }

        var config = ConfigLoader.Load(_dir.Combine(".manifestguard.yaml"));
        Assert.Equal(ManifestGuardConfig.DefaultInclude, config.Include);
        Assert.Equal(["latest"], config.DisallowedTags);
        Assert.Empty(config.AllowedRegistries);
        Assert.Equal(0, CliRunner.Run(_dir.Path, null, "check", ".", "--fail-on", "none").ExitCode);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Python)]
    public void The_starter_configuration_validates_against_the_shipped_schema()
    {
        Assert.Equal(0, CliRunner.Run(_dir.Path, null, "init").ExitCode);
        // Uncommenting the suggested allow-list must give a valid file too.
        var uncommented = File.ReadAllText(_dir.Combine(".manifestguard.yaml"))
            .Replace("# registries:", "registries:", StringComparison.Ordinal)
            .Replace("#   allowed:", "  allowed:", StringComparison.Ordinal)
            .Replace("#     - ", "    - ", StringComparison.Ordinal);
        var edited = _dir.Write("edited.yaml", uncommented);

        Assert.Equal("", ValidateWithSchema(_dir.Combine(".manifestguard.yaml")));
        Assert.Equal("", ValidateWithSchema(edited));
        Assert.Equal(3, ConfigLoader.Load(edited).AllowedRegistries.Count);
        Assert.NotEqual("", ValidateWithSchema(_dir.Write("wrong.yaml", "disallowedTags: latest\n")));
    }

    [Fact]
    public void Init_never_overwrites_an_existing_file_unless_forced()
    {
        var existing = _dir.Write(".manifestguard.yaml", "rules: {}\n");

        var refused = CliRunner.Run(_dir.Path, null, "init");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains(".manifestguard.yaml already exists; pass --force to overwrite it", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("rules: {}\n", File.ReadAllText(existing));

        var forced = CliRunner.Run(_dir.Path, null, "init", "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.StartsWith("# ManifestGuard configuration, written by `manifestguard init`.", File.ReadAllText(existing), StringComparison.Ordinal);
    }

    /// <summary>Python's jsonschema (Debian's python3-jsonschema, installed by scripts/test.sh): empty when valid, else its error.</summary>
    private static string ValidateWithSchema(string file)
    {
        const string Script = "import sys, json, yaml, jsonschema\n" +
            "schema = json.load(open(sys.argv[2]))\n" +
            "jsonschema.validators.validator_for(schema)(schema).validate(yaml.safe_load(open(sys.argv[1])))\n";
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", Script, file, RepositoryRoot.Combine("schema", "manifestguard.schema.json") })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? "" : stderr;
    }
}
