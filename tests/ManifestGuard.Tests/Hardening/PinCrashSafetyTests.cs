using System.Diagnostics;
using ManifestGuard.Discovery;
using ManifestGuard.Configuration;
using ManifestGuard.Tests.Integrations;
using ManifestGuard.Tests.Registry;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Hardening;

/// <summary>
/// `manifestguard pin` killed with SIGKILL at random moments (seeded, so a failure can be replayed):
/// after every kill each file is wholly the old or wholly the new version, with its mode bits, and no
/// leftover temporary file looks like a manifest to the next scan.
/// </summary>
[Trait(Requires.Trait, Requires.Registry)]
[Trait(Requires.Trait, Requires.Release)]
[Collection(PinCrashSafetyGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // SIGKILL and mode bits; the registry tests run on Linux
public sealed class PinCrashSafetyTests(RegistryFixture registry) : IDisposable
{
    private const int FileCount = 120;
    private const int Runs = 30;
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _release = new();

    public void Dispose()
    {
        _dir.Dispose();
        _release.Dispose();
    }

    [Fact]
    public async Task Every_file_is_wholly_old_or_wholly_new_after_a_SIGKILL_at_any_moment()
    {
        var digest = await registry.RawDigestAsync(registry.Open, "app/single:1");
        var files = Enumerable.Range(0, FileCount).Select(i => Manifest(i, digest)).ToList();
        Reset(files);
        // The released native binary, as users run it: its start-up takes milliseconds rather than a JIT's
        // second of CPU per run, so the kills are spent on the writing phase.
        var binary = ReleaseArtifacts.Shared.ExtractBinary(_release.Path);

        // One undisturbed run says how long pin takes here; kills land across that span.
        var full = Stopwatch.StartNew();
        using (var complete = StartPin(binary))
        {
            Assert.True(complete.WaitForExit(60_000), "pin did not finish");
            Assert.True(complete.ExitCode == 0, await complete.StandardError.ReadToEndAsync());
        }
        full.Stop();
        Assert.All(files, f => Assert.Equal(f.New, File.ReadAllBytes(f.Path)));

        // Kill moments are random around a target that follows the writing phase: a run that wrote
        // nothing moves it later, one that finished moves it earlier. A loaded machine shifts the phase
        // from run to run; fixed fractions of one measured run would keep missing it.
        var random = new Random(20250107);
        var target = full.Elapsed.TotalMilliseconds * 0.8;
        var killedWhileWriting = 0;
        for (var run = 0; run < Runs; run++)
        {
            Reset(files);
            var delay = TimeSpan.FromMilliseconds(target * (0.85 + (random.NextDouble() * 0.3)));
            using (var pin = StartPin(binary))
            {
                Thread.Sleep(delay);
                pin.Kill(); // SIGKILL on Unix: no finally blocks, no cleanup
                Assert.True(pin.WaitForExit(10_000), "pin did not die");
            }

            var states = files.Select(f => (f, Content: File.ReadAllBytes(f.Path))).ToList();
            foreach (var (file, content) in states)
            {
                Assert.True(content.AsSpan().SequenceEqual(file.Old) || content.AsSpan().SequenceEqual(file.New),
                    $"run {run} (killed after {delay.TotalMilliseconds:0} ms): {Path.GetFileName(file.Path)} is neither the old nor the new version ({content.Length} bytes)");
                Assert.Equal(file.Mode, File.GetUnixFileMode(file.Path));
            }
            var pinned = states.Count(s => s.Content.AsSpan().SequenceEqual(s.f.New));
            if (pinned == 0)
            {
                target *= 1.1;
            }
            else if (pinned == files.Count)
            {
                target *= 0.9;
            }
            else
            {
                killedWhileWriting++;
            }

            // Whatever else is left (a temporary file cut short) is hidden and never scanned as a manifest.
            var manifests = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            foreach (var extra in Directory.EnumerateFiles(_dir.Path).Where(p => !manifests.Contains(p)))
            {
                var name = Path.GetFileName(extra);
                Assert.True(name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal), $"run {run}: unexpected file {name}");
            }
            var discovered = FileDiscovery.Discover([_dir.Path], _dir.Path, ManifestGuardConfig.DefaultInclude, []);
            Assert.Equal(manifests.Order(StringComparer.Ordinal), discovered.Select(d => d.FullPath).Order(StringComparer.Ordinal));
        }
        // The kills must have hit the writing phase, or this test proves nothing about it.
        Assert.True(killedWhileWriting > 0, $"no run was killed while files were being written (full run: {full.Elapsed.TotalMilliseconds:0} ms)");
    }

    private Process StartPin(string binary)
    {
        var start = new ProcessStartInfo(binary)
        {
            WorkingDirectory = _dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("pin");
        start.ArgumentList.Add(".");
        return Process.Start(start) ?? throw new InvalidOperationException("pin did not start");
    }

    private ManifestFile Manifest(int i, string digest)
    {
        var image = $"{registry.Open}/app/single:1";
        // Files of different sizes, some large, so that writing them takes a while.
        var padding = string.Concat(Enumerable.Repeat($"# padding line of file {i}\n", 1 + (i % 7 * 300)));
        var old = $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  containers:\n    - name: a\n      image: {image}\n{padding}";
        var mode = (i % 3) switch
        {
            0 => UnixFileMode.UserRead | UnixFileMode.UserWrite,
            1 => UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            _ => UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
        };
        return new ManifestFile(_dir.Combine($"pod-{i:D3}.yaml"), System.Text.Encoding.UTF8.GetBytes(old), System.Text.Encoding.UTF8.GetBytes(old.Replace(image, $"{image}@{digest}", StringComparison.Ordinal)), mode);
    }

    private void Reset(IEnumerable<ManifestFile> files)
    {
        foreach (var leftover in Directory.EnumerateFiles(_dir.Path, ".*.tmp"))
        {
            File.Delete(leftover);
        }
        foreach (var file in files)
        {
            File.WriteAllBytes(file.Path, file.Old);
            File.SetUnixFileMode(file.Path, file.Mode);
        }
    }

    private sealed record ManifestFile(string Path, byte[] Old, byte[] New, UnixFileMode Mode);
}
