using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.Integrations;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Discovery;

/// <summary>
/// What a walk meets on a real work tree, through the CLI: FIFOs, sockets, devices, link loops, dangling
/// links and links out of the repository are one MG901 finding each and never opened (a FIFO would wait
/// forever); links to files inside the repository are followed; files git ignores are left out.
/// </summary>
public sealed class SpecialFileDiscoveryTests : IDisposable
{
    private const string Latest = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:latest\n";

    private readonly TempDirectory _dir = new();
    private System.Net.Sockets.Socket? _socket;

    public void Dispose()
    {
        _socket?.Dispose();
        _dir.Dispose();
    }

    private string Repo => _dir.Combine("repo");

    private void MakeOddRepository()
    {
        _dir.Write("repo/pod.yaml", Latest);
        _dir.Write("outside/elsewhere.yaml", Latest.Replace("nginx", "outside.example.com/app", StringComparison.Ordinal));
        SpecialFiles.Fifo(_dir.Combine("repo/pipe.yaml"));
        _socket = SpecialFiles.Socket(_dir.Combine("repo/socket.yaml"));
        SpecialFiles.CharacterDevice(_dir.Combine("repo/device.yaml"), 1, 3);
        File.CreateSymbolicLink(_dir.Combine("repo/loop-a.yaml"), "loop-b.yaml");
        File.CreateSymbolicLink(_dir.Combine("repo/loop-b.yaml"), "loop-a.yaml");
        File.CreateSymbolicLink(_dir.Combine("repo/self.yaml"), "self.yaml");
        File.CreateSymbolicLink(_dir.Combine("repo/dangling.yaml"), "gone.yaml");
        File.CreateSymbolicLink(_dir.Combine("repo/apps/alias.yaml"), "../pod.yaml");
        File.CreateSymbolicLink(_dir.Combine("repo/escape.yaml"), "../outside/elsewhere.yaml");
        File.CreateSymbolicLink(_dir.Combine("repo/pipe-link.yaml"), "pipe.yaml");
        File.CreateSymbolicLink(_dir.Combine("repo/notes.txt"), "nowhere");
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Mknod)]
    public void Each_odd_entry_is_one_finding_the_scan_goes_on_and_never_hangs()
    {
        Directory.CreateDirectory(_dir.Combine("repo/apps"));
        MakeOddRepository();

        var result = CliRunner.Run(Repo, null, "check", ".");

        Assert.Equal(1, result.ExitCode);
        var expected = new Dictionary<string, string>
        {
            ["pipe.yaml"] = "not read: a FIFO (named pipe), not a regular file",
            ["socket.yaml"] = "not read: a socket, not a regular file",
            ["device.yaml"] = "not read: a character device, not a regular file",
            ["loop-a.yaml"] = "not read: a symbolic link loop",
            ["loop-b.yaml"] = "not read: a symbolic link loop",
            ["self.yaml"] = "not read: a symbolic link loop",
            ["dangling.yaml"] = "not read: a dangling symbolic link (to gone.yaml, which is missing)",
            ["escape.yaml"] = $"not read: a symbolic link to {_dir.Combine("outside/elsewhere.yaml")}, outside the repository",
            ["pipe-link.yaml"] = "not read: a symbolic link to a FIFO (named pipe), not to a file",
        };
        foreach (var (file, message) in expected)
        {
            var lines = result.Stdout.Split('\n').Where(l => l.StartsWith(file + ":", StringComparison.Ordinal)).ToList();
            var line = Assert.Single(lines);
            Assert.StartsWith($"{file}:1:1: error MG901 manifest-parse-error: {message}", line, StringComparison.Ordinal);
        }
        // The link inside the repository is read, under its own name; what is outside never is; a .txt is no manifest.
        Assert.Contains("apps/alias.yaml:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("pod.yaml:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("outside.example.com", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("notes.txt", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("11 errors, ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(" in 11 of 11 files checked.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Mknod)]
    public void Images_and_pin_report_the_same_entries_and_do_not_hang()
    {
        Directory.CreateDirectory(_dir.Combine("repo/apps"));
        MakeOddRepository();
        // Pinned already: pin has nothing to resolve, so no registry is asked.
        _dir.Write("repo/pod.yaml", Latest.Replace("nginx:latest", "nginx:1.27@sha256:" + new string('a', 64), StringComparison.Ordinal));

        var images = CliRunner.Run(Repo, null, "images", ".");
        var pin = CliRunner.Run(Repo, null, "pin", ".", "--dry-run");

        Assert.Equal(1, images.ExitCode);
        Assert.Contains("pipe.yaml:1:1: error MG901 manifest-parse-error: not read: a FIFO", images.Stderr, StringComparison.Ordinal);
        Assert.Contains("loop-a.yaml:1:1: error MG901 manifest-parse-error: not read: a symbolic link loop", images.Stderr, StringComparison.Ordinal);
        Assert.Contains("apps/alias.yaml:7:14", images.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, pin.ExitCode);
        Assert.Contains("pipe.yaml:1:1: not read: a FIFO", pin.Stderr, StringComparison.Ordinal);
        Assert.Contains("device.yaml:1:1: not read: a character device", pin.Stderr, StringComparison.Ordinal);
    }

    private void Git(params string[] args) => ProcessRunner.Check(Repo, "git", args);

    private void MakeGitRepository()
    {
        _dir.Write("repo/app.yaml", Latest);
        _dir.Write("repo/build/rendered.yaml", Latest);
        _dir.Write("repo/node_modules/pkg/deploy.yaml", Latest);
        _dir.Write("repo/apps/web.generated.yaml", Latest);
        _dir.Write("repo/apps/tracked.generated.yaml", Latest);
        _dir.Write("repo/.gitignore", "build/\nnode_modules/\n*.generated.yaml\n");
        Git("init", "-q");
        // A tracked file is not ignored, whatever the patterns say: git itself decides.
        Git("add", "-f", "apps/tracked.generated.yaml");
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void Files_git_ignores_are_skipped_when_a_folder_is_walked()
    {
        MakeGitRepository();

        var result = CliRunner.Run(Repo, null, "check", ".");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("app.yaml:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("apps/tracked.generated.yaml:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("build/", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("node_modules", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("web.generated", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("in 2 of 2 files checked.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void A_file_git_ignores_is_scanned_when_named_on_the_command_line()
    {
        MakeGitRepository();

        var result = CliRunner.Run(Repo, null, "check", ".", "build/rendered.yaml");

        Assert.Contains("build/rendered.yaml:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("node_modules", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("in 3 of 3 files checked.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void RespectGitIgnore_false_scans_ignored_files_too()
    {
        MakeGitRepository();
        _dir.Write("repo/.manifestguard.yaml", "respectGitIgnore: false\n");

        var result = CliRunner.Run(Repo, null, "check", ".");

        Assert.Contains("build/rendered.yaml:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("node_modules/pkg/deploy.yaml:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("apps/web.generated.yaml:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void Without_git_on_PATH_nothing_is_skipped()
    {
        MakeGitRepository();
        var emptyPath = Directory.CreateDirectory(_dir.Combine("empty-path")).FullName;

        var result = CliRunner.RunProcess(Repo, null, new Dictionary<string, string?> { ["PATH"] = emptyPath }, "check", ".");

        Assert.Contains("build/rendered.yaml:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("in 5 of 5 files checked.", result.Stdout, StringComparison.Ordinal);
    }
}
