using System.Diagnostics;
using ManifestGuard.Discovery;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Cli;

/// <summary>
/// `--output` writes through the path the user gave, run as a user runs it: a regular file is replaced
/// whole with its permissions kept, a link stays a link, and FIFOs, devices and process substitutions
/// are written into, never replaced. Every target is made in the test's own folder.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // FIFOs, device nodes and mode bits
public sealed class OutputFileTests : IDisposable
{
    private const string Pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27\n";

    private readonly TempDirectory _dir = new();

    public OutputFileTests() => _dir.Write("pod.yaml", Pod);

    public void Dispose() => _dir.Dispose();

    private CliRunner.Result Check(string output) => CliRunner.Run(_dir.Path, null, "check", "pod.yaml", "--format", "json", "--output", output);

    private static void AssertIsTheReport(string text) =>
        Assert.Contains("\"ruleId\": \"MG101\"", text, StringComparison.Ordinal);

    [Fact]
    public void A_regular_file_is_replaced_whole_and_keeps_its_permissions()
    {
        var path = _dir.Write("out/report.json", "old report");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var result = Check("out/report.json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        AssertIsTheReport(File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.Equal(["report.json"], Directory.GetFiles(_dir.Combine("out")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_symbolic_link_is_written_through_to_its_target_and_stays_a_link()
    {
        var target = _dir.Write("reports/real.json", "old report");
        var link = _dir.Combine("link.json");
        File.CreateSymbolicLink(link, "reports/real.json");

        var result = Check("link.json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("reports/real.json", new FileInfo(link).LinkTarget);
        AssertIsTheReport(File.ReadAllText(target));
    }

    [Fact]
    public async Task A_fifo_gets_the_report_and_stays_a_fifo()
    {
        var fifo = _dir.Combine("report.fifo");
        SpecialFiles.Fifo(fifo);
        var reader = Task.Run(() => File.ReadAllText(fifo));

        var result = Check("report.fifo");

        var finished = await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(30)));
        if (finished != reader)
        {
            // Release the reader (the report never came) so the test ends instead of hanging.
            await File.WriteAllTextAsync(fifo, "");
        }
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Same(reader, finished);
        AssertIsTheReport(await reader);
        Assert.Equal(FileKind.Fifo, FileKinds.Of(fifo, followLinks: false));
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Mknod)]
    public void A_character_device_is_written_into_and_stays_a_device()
    {
        var device = _dir.Combine("null-device");
        SpecialFiles.CharacterDevice(device, 1, 3);

        var result = Check("null-device");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of(device, followLinks: false));
        Assert.Equal([device], Directory.GetFiles(_dir.Path).Where(f => f != _dir.Combine("pod.yaml")));
    }

    [Fact]
    public void A_process_substitution_receives_the_report()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "manifestguard.dll");
        var start = new ProcessStartInfo("bash") { WorkingDirectory = _dir.Path, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        // bash waits for the substitution's `cat` only when told to: `wait $!` after the command.
        start.ArgumentList.Add($"dotnet '{dll}' check pod.yaml --format json --output >(cat > received.json); status=$?; wait $!; exit $status");
        start.Environment["NO_COLOR"] = "1";
        using var bash = Process.Start(start)!;
        var stderr = bash.StandardError.ReadToEnd();
        Assert.True(bash.WaitForExit(60_000), "bash did not finish");

        Assert.True(bash.ExitCode == 0, stderr);
        Assert.Contains("Report written to /dev/fd/", stderr, StringComparison.Ordinal);
        AssertIsTheReport(File.ReadAllText(_dir.Combine("received.json")));
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Mknod)]
    public void A_write_that_fails_part_way_names_the_users_path_and_exits_3()
    {
        // Device 1,7 behaves as /dev/full: opening works, every write fails with "no space left on device".
        SpecialFiles.CharacterDevice(_dir.Combine("full-device"), 1, 7);

        var result = Check("full-device");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("manifestguard: cannot write the report to full-device: ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_that_cannot_be_created_names_the_users_path_never_a_temporary_file_and_exits_3()
    {
        _dir.Write("not-a-folder", "a file");

        var result = Check("not-a-folder/report.json");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("manifestguard: cannot write the report to not-a-folder/report.json: ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", result.Stderr, StringComparison.Ordinal);
    }
}
