using System.IO.Enumeration;
using Microsoft.Extensions.FileSystemGlobbing;

namespace ManifestGuard.Discovery;

/// <summary>
/// Turns PATH arguments into the files to scan, in an order that does not depend on the file system:
/// folders are walked with the include/exclude globs (matched against paths relative to the scan
/// root), `.git/` is never entered, directory links are not followed (they could lead out of the
/// repository or loop), and files named explicitly are scanned whatever the globs say.
/// </summary>
internal static class FileDiscovery
{
    public static IReadOnlyList<ScanInput> Discover(IEnumerable<string> paths, string root, IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(include);
        matcher.AddExcludePatterns(exclude);

        var found = new Dictionary<string, ScanInput>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                found.TryAdd(full, new ScanInput(full, DisplayPathOf(full, root)));
            }
            else if (Directory.Exists(full))
            {
                // One match over the whole folder: the matcher builds its tree of paths once, not per file.
                var files = Walk(full).ToList();
                var globPaths = files.Select(file => GlobPathOf(file, root, full)).ToList();
                var matched = matcher.Match(globPaths).Files.Select(match => match.Path).ToHashSet(StringComparer.Ordinal);
                for (var i = 0; i < files.Count; i++)
                {
                    if (matched.Contains(globPaths[i]))
                    {
                        found.TryAdd(files[i], new ScanInput(files[i], DisplayPathOf(files[i], root)));
                    }
                }
            }
            else
            {
                throw new FileNotFoundException($"{path}: no such file or directory", path);
            }
        }
        return [.. found.Values.OrderBy(input => input.DisplayPath, StringComparer.Ordinal)];
    }

    /// <summary>Relative to the root with `/` separators; files outside the root keep their full path.</summary>
    public static string DisplayPathOf(string fullPath, string root)
    {
        var relative = Path.GetRelativePath(root, fullPath);
        if (IsOutside(relative))
        {
            relative = fullPath;
        }
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// The path globs are matched against: relative to the root, or for a folder outside the root (a
    /// second PATH elsewhere), relative to that folder; the matcher finds nothing in absolute paths.
    /// </summary>
    private static string GlobPathOf(string file, string root, string walkedDirectory)
    {
        var relative = Path.GetRelativePath(root, file);
        if (IsOutside(relative))
        {
            relative = Path.GetRelativePath(walkedDirectory, file);
        }
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static IEnumerable<string> Walk(string directory)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        while (pending.Count > 0)
        {
            // Entries as the directory listing gives them: no FileSystemInfo and no status call per file.
            var entries = new FileSystemEnumerable<(string Path, bool IsDirectory, bool IsLink)>(
                pending.Pop(),
                (ref FileSystemEntry entry) => (entry.ToFullPath(), entry.IsDirectory, entry.Attributes.HasFlag(FileAttributes.ReparsePoint)),
                options);
            foreach (var (path, isDirectory, isLink) in entries)
            {
                if (isDirectory)
                {
                    if (!isLink && Path.GetFileName(path) != ".git")
                    {
                        pending.Push(path);
                    }
                }
                else if (!isLink || IsInside(new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName, directory))
                {
                    yield return path;
                }
            }
        }
    }

    private static bool IsInside(string? path, string directory) =>
        path is not null && !IsOutside(Path.GetRelativePath(directory, path));

    /// <summary>
    /// Whether a relative path climbs out of its base: `..` as a whole first segment. A file named
    /// `..data.yaml` is inside; a plain prefix test would report it by its absolute path.
    /// </summary>
    public static bool IsOutside(string relative) =>
        relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative);
}
