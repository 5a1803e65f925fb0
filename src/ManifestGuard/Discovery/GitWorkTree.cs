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
    /// a sparse checkout are left out, as they are not on disk. Each file says whether it is a symbolic link:
    /// from git's mode for tracked files (120000), from the file system for untracked ones, so that discovery
    /// can report a link to a folder without asking the file system about every tracked file.
    /// </summary>
    public static IReadOnlyList<ListedFile>? ListFiles(string folder)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // -t tags each path: `R` (removed) and `S` (skip-worktree) are not on disk; -c and -d name a
        // deleted file twice, once as cached. -s gives a tracked file's mode (`H 120000 <object> 0<TAB>path`);
        // an untracked one is `? path`.
        string[] arguments =
            ["-C", folder, "ls-files", "-z", "-t", "-s", "--cached", "--others", "--deleted", "--exclude-standard"];
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
        var present = new Dictionary<string, bool?>(StringComparer.Ordinal);
        var absent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // A nested repository that is not a submodule is named as a folder (`sub/`): git does not look inside.
            if (entry.Length < 3 || entry.EndsWith('/'))
            {
                continue;
            }
            var tab = entry.IndexOf('\t', StringComparison.Ordinal);
            var path = entry[0] == '?' || tab < 0 ? entry[2..] : entry[(tab + 1)..];
            bool? isLink = entry[0] == '?' || tab < 0 ? null : entry.AsSpan(2).StartsWith("120000 ", StringComparison.Ordinal);
            if (entry[0] is 'R' or 'S')
            {
                absent.Add(path);
            }
            else if (!present.TryGetValue(path, out var known) || known is null)
            {
                present[path] = isLink;
            }
        }
        var files = new List<ListedFile>(present.Count);
        foreach (var (path, isLink) in present)
        {
            if (absent.Contains(path))
            {
                continue;
            }
            var full = Path.Join(folder, path.Replace('/', Path.DirectorySeparatorChar));
            files.Add(new ListedFile(full, isLink ?? IsSymbolicLink(full)));
        }
        return files;
    }

    private static bool IsSymbolicLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
