using System.Text;
using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Rules;
using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.TestSupport;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Hardening;

/// <summary>Whole files on disk: the size limit (`maxFileSize`), the memory of a real CLI run, links out of the scanned folder.</summary>
public sealed class HostileFileTests : IDisposable
{
    private const long MemoryBound = 200L * 1024 * 1024;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_100_MB_single_document_gets_one_MG901_without_being_read()
    {
        var big = WriteHugeDocument("huge.yaml", 100L * 1024 * 1024);
        var scanner = new ManifestScanner(ManifestGuardConfig.Default, RuleCatalog.Default) { MaxParallelism = 1 };
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = scanner.Scan([new ScanInput(big, "huge.yaml")], _dir.Path);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16L * 1024 * 1024, "the file was read");
        var finding = Assert.Single(result.Findings);
        Assert.Equal(RuleIds.ManifestParseError, finding.RuleId);
        Assert.Equal((1, 1), (finding.Span.StartLine, finding.Span.StartColumn));
        Assert.Contains($"file is larger than maxFileSize ({100L * 1024 * 1024} bytes, more than {ManifestGuardConfig.DefaultMaxFileSize})", finding.Message, StringComparison.Ordinal);
        Assert.Contains("raise maxFileSize", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Python)]
    public void The_CLI_scans_a_folder_holding_a_100_MB_document_within_200_MB_of_memory()
    {
        WriteHugeDocument("huge.yaml", 100L * 1024 * 1024);
        _dir.Write("pod.yaml", TestScan.Pod("nginx:latest"));

        var result = PeakMemoryRunner.Run(_dir.Path, "check", ".");

        Assert.True(result.ExitCode == 1, result.Stderr);
        Assert.Contains("huge.yaml:1:1: error MG901", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("pod.yaml:8:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.True(result.PeakBytes < MemoryBound, $"peak resident set {result.PeakBytes / 1024 / 1024} MiB");
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Python)]
    public void A_big_bundle_under_the_limit_is_scanned_within_200_MB_of_memory()
    {
        // About 5 MiB of small Deployments in one file (some 400,000 nodes): denser than a large CRD bundle.
        var text = new StringBuilder();
        for (var i = 0; text.Length < 5 * 1024 * 1024; i++)
        {
            text.Append("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app").Append(i)
                .Append("\n  labels: {app: web, tier: backend}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n")
                .Append("        - name: app\n          image: registry.example.com/team/app").Append(i % 50)
                .Append(":1.2.3@sha256:").Append(new string('a', 64)).Append('\n')
                .Append("          args: [--port=8080, --verbose, --config=/etc/app/config.yaml]\n");
        }
        _dir.Write("bundle.yaml", text.ToString());

        var result = PeakMemoryRunner.Run(_dir.Path, "check", ".");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("No findings in 1 file checked.", result.Stdout, StringComparison.Ordinal);
        Assert.True(result.PeakBytes < MemoryBound, $"peak resident set {result.PeakBytes / 1024 / 1024} MiB");
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Python)]
    public void A_file_of_tiny_scalars_just_under_the_size_limit_stops_at_the_node_limit_within_200_MB()
    {
        // `[a,a,a,…]`: two bytes per node, 8 million nodes, a gigabyte of them if all were built.
        var path = _dir.Combine("dense.yaml");
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            stream.Write("["u8);
            var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("a,", 4096)));
            while (stream.Length + chunk.Length + 3 < ManifestGuardConfig.DefaultMaxFileSize)
            {
                stream.Write(chunk);
            }
            stream.Write("a]\n"u8);
        }

        var result = PeakMemoryRunner.Run(_dir.Path, "check", ".");

        Assert.True(result.ExitCode == 1, result.Stderr);
        Assert.Contains($"dense.yaml:1:{2 * YamlDocumentParser.MaxNodes}: error MG901", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"more than {YamlDocumentParser.MaxNodes} YAML nodes in one file", result.Stdout, StringComparison.Ordinal);
        Assert.True(result.PeakBytes < MemoryBound, $"peak resident set {result.PeakBytes / 1024 / 1024} MiB");
    }

    [Fact]
    public void MaxFileSize_in_the_configuration_sets_the_limit_and_pin_leaves_a_larger_file_alone()
    {
        _dir.Write(".manifestguard.yaml", "maxFileSize: 300\n");
        var small = _dir.Write("small.yaml", TestScan.Pod("nginx:latest"));
        var large = _dir.Write("large.yaml", TestScan.Pod("nginx:latest") + "\n# " + new string('x', 300) + "\n");

        var check = CliRunner.Run(_dir.Path, null, "check", ".");
        var pin = CliRunner.Run(_dir.Path, null, "pin", "large.yaml");

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("small.yaml:8:14: error MG102", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("large.yaml:1:1: error MG901", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("more than 300) and was not read; raise maxFileSize", check.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("large.yaml:8", check.Stdout, StringComparison.Ordinal);
        // Listed like any file pin cannot read, and the exit code says the run left something out.
        Assert.True(pin.ExitCode == 1, pin.Stderr);
        Assert.Contains("large.yaml:1:1: file is larger than maxFileSize (300 bytes); not pinned", pin.Stderr, StringComparison.Ordinal);
        Assert.NotNull(small);
        Assert.EndsWith(new string('x', 300) + "\n", File.ReadAllText(large), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maxFileSize: -1\n")]
    [InlineData("maxFileSize: 0\n")]
    [InlineData("maxFileSize: 16MB\n")]
    [InlineData("maxFileSize: [1]\n")]
    public void A_maxFileSize_that_is_not_a_positive_number_of_bytes_is_a_configuration_error(string config)
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse(config, ".manifestguard.yaml"));
        Assert.StartsWith("maxFileSize: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void MaxFileSize_reads_as_a_number_of_bytes()
    {
        Assert.Equal(ManifestGuardConfig.DefaultMaxFileSize, ManifestGuardConfig.Default.MaxFileSize);
        Assert.Equal(64L * 1024 * 1024, ConfigLoader.Parse("maxFileSize: 67108864\n", ".manifestguard.yaml").MaxFileSize);
    }

    [Fact]
    public void Links_that_leave_the_scanned_folder_are_reported_not_followed_by_the_CLI()
    {
        _dir.Write("outside/secret.yaml", TestScan.Pod("outside.example.com/secret:latest"));
        _dir.Write("repo/pod.yaml", TestScan.Pod("nginx:latest"));
        File.CreateSymbolicLink(_dir.Combine("repo/escape.yaml"), _dir.Combine("outside/secret.yaml"));
        File.CreateSymbolicLink(_dir.Combine("repo/relative.yaml"), "../outside/secret.yaml");
        File.CreateSymbolicLink(_dir.Combine("repo/zero.yaml"), "/dev/zero");
        File.CreateSymbolicLink(_dir.Combine("repo/dangling.yaml"), "no-such-file.yaml");
        Directory.CreateSymbolicLink(_dir.Combine("repo/linked"), _dir.Combine("outside"));
        Directory.CreateSymbolicLink(_dir.Combine("repo/loop"), _dir.Combine("repo"));

        var result = CliRunner.Run(_dir.Combine("repo"), null, "check", ".");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pod.yaml:8:14: error MG102", result.Stdout, StringComparison.Ordinal);
        // What lies outside is never read: its image does not appear, only the links, each once, with why.
        Assert.DoesNotContain("outside.example.com", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("escape.yaml:1:1: error MG901 manifest-parse-error: not read: a symbolic link to ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("relative.yaml:1:1: error MG901 manifest-parse-error: not read: a symbolic link to ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("zero.yaml:1:1: error MG901 manifest-parse-error: not read: a symbolic link to a character device", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("dangling.yaml:1:1: error MG901 manifest-parse-error: not read: a dangling symbolic link", result.Stdout, StringComparison.Ordinal);
        // Links to folders are not followed: each is reported once, and nothing behind it is read.
        Assert.Contains("linked:1:1: error MG901 manifest-parse-error: not read: a symbolic link to a folder", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("loop:1:1: error MG901 manifest-parse-error: not read: a symbolic link to a folder", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("loop/", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("7 errors, ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(" in 7 of 7 files checked.", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>One document: a Pod whose one annotation is a block scalar of the given size, written without holding it in memory.</summary>
    private string WriteHugeDocument(string name, long size)
    {
        var path = _dir.Combine(name);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write("apiVersion: v1\nkind: Pod\nmetadata:\n  name: huge\n  annotations:\n    blob: |\n"u8);
        var line = Encoding.ASCII.GetBytes("      " + new string('z', 1017) + "\n");
        while (stream.Length + line.Length < size)
        {
            stream.Write(line);
        }
        stream.Write(Encoding.ASCII.GetBytes(new string('#', (int)(size - stream.Length - 1)) + "\n"));
        return path;
    }
}
