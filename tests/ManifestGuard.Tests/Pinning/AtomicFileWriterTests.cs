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

    [Fact]
    public async Task A_cancelled_write_leaves_the_file_as_it_was_and_no_temporary_file()
    {
        var path = Write("deploy.yaml", "image: a:1\n");
        var snapshot = await ManifestFileSnapshot.ReadAsync(path);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFileWriter.WriteAsync(snapshot, "new"u8.ToArray(), cancelled.Token));

        Assert.Equal("image: a:1\n", await File.ReadAllTextAsync(path));
        Assert.Equal(["deploy.yaml"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_file_grown_since_it_was_read_is_left_alone()
    {
        var path = Write("deploy.yaml", "image: a:1\n");
        var snapshot = await ManifestFileSnapshot.ReadAsync(path);
        await File.AppendAllTextAsync(path, "# edited\n");

        var error = await Assert.ThrowsAsync<PinningException>(() => AtomicFileWriter.WriteAsync(snapshot, "new"u8.ToArray()));

        Assert.Equal($"{path} changed on disk since it was read; nothing was written to it, run pin again", error.Message);
        Assert.Equal("image: a:1\n# edited\n", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task The_temporary_file_is_made_beside_the_target_of_a_link_so_the_rename_stays_on_its_file_system()
    {
        var targetDirectory = Directory.CreateDirectory(Path.Combine(_directory, "real")).FullName;
        var target = Path.Combine(targetDirectory, "deploy.yaml");
        await File.WriteAllTextAsync(target, "image: a:1\n");
        var linkDirectory = Directory.CreateDirectory(Path.Combine(_directory, "links")).FullName;
        var link = Path.Combine(linkDirectory, "deploy.yaml");
        File.CreateSymbolicLink(link, "../real/deploy.yaml");
        var snapshot = await ManifestFileSnapshot.ReadAsync(link);

        await AtomicFileWriter.WriteAsync(snapshot, "image: a:2\n"u8.ToArray());

        Assert.Equal("../real/deploy.yaml", new FileInfo(link).LinkTarget);
        Assert.Equal("image: a:2\n", await File.ReadAllTextAsync(target));
        Assert.Equal([link], Directory.GetFileSystemEntries(linkDirectory));
        Assert.Equal([target], Directory.GetFileSystemEntries(targetDirectory));
    }

    [Fact]
    public async Task Null_arguments_are_refused_before_anything_is_touched()
    {
        var snapshot = await ManifestFileSnapshot.ReadAsync(Write("deploy.yaml", "image: a:1\n"));

        await Assert.ThrowsAsync<ArgumentNullException>(() => AtomicFileWriter.WriteAsync(null!, []));
        await Assert.ThrowsAsync<ArgumentNullException>(() => AtomicFileWriter.WriteAsync(snapshot, null!));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
        return path;
    }
}
