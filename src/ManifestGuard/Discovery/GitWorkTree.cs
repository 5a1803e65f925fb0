using System.ComponentModel;
using System.Diagnostics;

namespace ManifestGuard.Discovery;

/// <summary>
/// The git work tree around a folder, and its files as git itself lists them: tracked and untracked files
/// without what git ignores (every .gitignore, `.git/info/exclude`, `core.excludesFile`), in one
/// `git ls-files` per folder, never a re-implementation of the ignore rules.
/// </summary>
internal static class GitWorkTree
{
    /// <summary>
    /// The nearest folder at or above <paramref name="directory"/> holding `.git` (a folder, or a file in a
    /// linked work tree).
    /// </summary>
    public static string? Of(string? directory)
    {
        for (; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var git = Path.Combine(directory, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return directory;
            }
        }
        return null;
    }

    /// <summary>
    /// The files under <paramref name="folder"/> (absolute) that git does not ignore, or null when git cannot
    /// tell (not on PATH, not a work tree): then the caller walks the folder. Deleted files and files outside
    /// a sparse checkout are left out, as they are not on disk.
    /// </summary>
    public static IReadOnlyList<string>? ListFiles(string folder)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // -t tags each path: `R` (removed) and `S` (skip-worktree) are not on disk; -c and -d name a
        // deleted file twice, once as cached.
        string[] arguments =
            ["-C", folder, "ls-files", "-z", "-t", "--cached", "--others", "--deleted", "--exclude-standard"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        string output;
        try
        {
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }
            git.StandardInput.Close();
            var errors = git.StandardError.ReadToEndAsync();
            output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            _ = errors.Result;
            if (git.ExitCode != 0)
            {
                return null;
            }
        }
        catch (Win32Exception)
        {
            return null;
        }
        var present = new HashSet<string>(StringComparer.Ordinal);
        var absent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // A nested repository that is not a submodule is named as a folder (`sub/`): git does not look inside.
            if (entry.Length < 3 || entry.EndsWith('/'))
            {
                continue;
            }
            (entry[0] is 'R' or 'S' ? absent : present).Add(entry[2..]);
        }
        present.ExceptWith(absent);
        return [.. present.Select(path => Path.Join(folder, path.Replace('/', Path.DirectorySeparatorChar)))];
    }
}
