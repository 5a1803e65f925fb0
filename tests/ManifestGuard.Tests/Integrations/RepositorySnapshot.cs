namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// A committed git copy of this repository's working tree (tracked and untracked-but-not-ignored
/// files, as `git ls-files` lists them), so integrations that clone or pack the repository see the
/// files being edited, and builds inside it never touch the tests' own output folders.
/// </summary>
public static class RepositorySnapshot
{
    /// <returns>The commit id of the snapshot.</returns>
    public static string Create(string target)
    {
        Directory.CreateDirectory(target);
        var files = ProcessRunner.Check(RepositoryRoot.Path, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").Stdout
            .Split('\0', StringSplitOptions.RemoveEmptyEntries);
        foreach (var file in files)
        {
            var source = Path.Combine(RepositoryRoot.Path, file);
            if (!File.Exists(source))
            {
                continue; // deleted in the working tree
            }
            var destination = Path.Combine(target, file);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(destination, File.GetUnixFileMode(source)); // scripts stay executable
            }
        }
        PreCommitFixture.Git(target, "init", "-q");
        PreCommitFixture.Git(target, "add", "-A");
        PreCommitFixture.Git(target, "commit", "-q", "-m", "snapshot of the working tree");
        return PreCommitFixture.Git(target, "rev-parse", "HEAD").Trim();
    }
}
