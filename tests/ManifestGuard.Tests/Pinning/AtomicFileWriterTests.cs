using System.Text;
using ManifestGuard.Pinning;
using Xunit;

namespace ManifestGuard.Tests.Pinning;

public sealed class AtomicFileWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mg-pin-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Replaces_the_content_and_leaves_no_temporary_file()
    {
        var path = Write("deploy.yaml", "image: nginx:1.25\n");
        var snapshot = await ManifestFileSnapshot.ReadAsync(path);

        await AtomicFileWriter.WriteAsync(snapshot, "image: nginx:1.25@sha256:x\n"u8.ToArray());

        Assert.Equal("image: nginx:1.25@sha256:x\n", await File.ReadAllTextAsync(path));
        Assert.Equal(["deploy.yaml"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Keeps_the_file_mode()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows has no mode bits to keep.
        }
        var path = Write("deploy.yaml", "image: a:1\n");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(path, mode);
        var snapshot = await ManifestFileSnapshot.ReadAsync(path);

        await AtomicFileWriter.WriteAsync(snapshot, "image: a:1@sha256:x\n"u8.ToArray());

        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Refuses_to_overwrite_a_file_changed_since_it_was_read()
    {
        var path = Write("deploy.yaml", "image: a:1\n");
        var snapshot = await ManifestFileSnapshot.ReadAsync(path);
        // Same length, different content: only the hash tells them apart.
        await File.WriteAllTextAsync(path, "image: b:1\n");

        var error = await Assert.ThrowsAsync<PinningException>(() => AtomicFileWriter.WriteAsync(snapshot, "new"u8.ToArray()));

        Assert.Contains("changed on disk", error.Message, StringComparison.Ordinal);
        Assert.Equal("image: b:1\n", await File.ReadAllTextAsync(path));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task Writes_through_a_symbolic_link_to_its_target()
    {
        var target = Write("real.yaml", "image: a:1\n");
        var link = Path.Combine(_directory, "link.yaml");
        File.CreateSymbolicLink(link, target);
        var snapshot = await ManifestFileSnapshot.ReadAsync(link);

        await AtomicFileWriter.WriteAsync(snapshot, "image: a:1@sha256:x\n"u8.ToArray());

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("image: a:1@sha256:x\n", await File.ReadAllTextAsync(target));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
        return path;
    }
}
