using Microsoft.Extensions.FileSystemGlobbing;

namespace ManifestGuard.Discovery;

/// <summary>
/// Turns PATH arguments into the files to scan, in an order that does not depend on the file system:
/// the files of folders (from the run's <see cref="RepositoryListing"/>) are selected with the
/// include/exclude globs (matched against paths relative to the scan root), and files named explicitly
/// are scanned whatever the globs say. What a walk
/// meets that is not a file to read (a FIFO, socket or device, a dangling link, a link loop, a link to
/// a file outside the repository, a link to a folder) is kept with the reason it is not read, so it is
/// reported, never opened: opening a FIFO waits for a writer that may never come.
/// </summary>
internal static class FileDiscovery
{
    public static IReadOnlyList<ScanInput> Discover(
        IEnumerable<string> paths, string root, IReadOnlyList<string> include, IReadOnlyList<string> exclude) =>
        Discover(paths, root, include, exclude, respectGitIgnore: false);

    /// <param name="respectGitIgnore">Leave out what git ignores in folders that lie in a work tree.</param>
    public static IReadOnlyList<ScanInput> Discover(
        IEnumerable<string> paths,
        string root,
        IReadOnlyList<string> include,
        IReadOnlyList<string> exclude,
        bool respectGitIgnore)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var all = paths.Select(path => Path.GetFullPath(path)).ToList();
        var listing = RepositoryListing.Create(null, all.Where(Directory.Exists), respectGitIgnore);
        return Discover(all, root, include, exclude, listing);
    }

    /// <summary>
    /// The files of the PATHs, a folder's from <paramref name="listing"/> (a folder it does not hold is walked).
    /// </summary>
    public static IReadOnlyList<ScanInput> Discover(
        IEnumerable<string> paths,
        string root,
        IReadOnlyList<string> include,
        IReadOnlyList<string> exclude,
        RepositoryListing listing)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(listing);
        var found = new Dictionary<string, ScanInput>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                // Named on the command line: read whatever it is (a process substitution is a pipe).
                found.TryAdd(full, new ScanInput(full, DisplayPathOf(full, root)));
            }
            else if (Directory.Exists(full))
            {
                var files = listing.FilesUnder(full)
                    ?? RepositoryListing.Create(null, [full], respectGitIgnore: false).Files.ToList();
                foreach (var input in Select(files, root, full, include, exclude))
                {
                    found.TryAdd(input.FullPath, input);
                }
            }
            else
            {
                throw new FileNotFoundException($"{path}: no such file or directory", path);
            }
        }
        return [.. found.Values.OrderBy(input => input.DisplayPath, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The files of a listed folder that the include and exclude globs select, each as a file to read or one
    /// reported with the reason it is not read (a link to a folder among them).
    /// </summary>
    public static IEnumerable<ScanInput> Select(
        IReadOnlyList<ListedFile> files,
        string root,
        string folder,
        IReadOnlyList<string> include,
        IReadOnlyList<string> exclude)
    {
        ArgumentNullException.ThrowIfNull(files);
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(include);
        matcher.AddExcludePatterns(exclude);
        // One match over the whole folder: the matcher builds its tree of paths once, not per file.
        var globPaths = files.Select(file => GlobPathOf(file.FullPath, root, folder)).ToList();
        var matched = matcher.Match(globPaths).Files.Select(match => match.Path).ToHashSet(StringComparer.Ordinal);
        // A link to a folder matches no file glob; it is reported unless an exclude glob names it.
        var notExcluded = new Matcher(StringComparison.Ordinal);
        notExcluded.AddInclude("**/*");
        notExcluded.AddExcludePatterns(exclude);
        for (var i = 0; i < files.Count; i++)
        {
            var (path, isLink) = files[i];
            var selected = matched.Contains(globPaths[i])
                || (isLink && Directory.Exists(path) && notExcluded.Match(globPaths[i]).HasMatches);
            if (selected)
            {
                yield return Classify(path, isLink, root, folder);
            }
        }
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

    /// <summary>
    /// A matched entry as a file to read, or as one reported with the reason it is not read. One status call
    /// per matched file.
    /// </summary>
    private static ScanInput Classify(string path, bool isLink, string root, string walkedDirectory)
    {
        var input = new ScanInput(path, DisplayPathOf(path, root));
        var kind = FileKinds.Of(path, followLinks: false);
        // Where the kernel cannot be asked, a listing by git does not say what is a link: .NET can.
        if (kind == FileKind.Unknown && (isLink || new FileInfo(path).LinkTarget is not null))
        {
            kind = FileKind.SymbolicLink;
        }
        if (kind is FileKind.Regular or FileKind.Unknown or FileKind.Missing)
        {
            // Missing: deleted while the walk ran; reading it reports that like any unreadable file.
            return input;
        }
        if (kind != FileKind.SymbolicLink)
        {
            return input with { NotRead = $"not read: {FileKinds.Describe(kind)}, not a regular file" };
        }
        var info = new FileInfo(path);
        var target = LinkTargetKind(info);
        if (target == FileKind.Directory)
        {
            return input with
            {
                NotRead = $"not read: a symbolic link to a folder ({info.LinkTarget}); links to folders are not followed "
                    + "(they may leave the repository or loop): name the folder as a PATH to scan it, or exclude the link",
            };
        }
        if (target == FileKind.LinkLoop)
        {
            return input with { NotRead = $"not read: a symbolic link loop ({info.LinkTarget} leads back to it)" };
        }
        if (target == FileKind.Missing)
        {
            return input with { NotRead = $"not read: a dangling symbolic link (to {info.LinkTarget}, which is missing)" };
        }
        if (target is not (FileKind.Regular or FileKind.Unknown))
        {
            return input with { NotRead = $"not read: a symbolic link to {FileKinds.Describe(target)}, not to a file" };
        }
        var final = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        return IsInside(final, root) || IsInside(final, walkedDirectory)
            ? input
            : input with { NotRead = $"not read: a symbolic link to {final}, outside the repository; name the target to scan it" };
    }

    /// <summary>What a link leads to; where the kernel cannot be asked, what .NET can tell.</summary>
    private static FileKind LinkTargetKind(FileInfo link)
    {
        var kind = FileKinds.Of(link.FullName, followLinks: true);
        if (kind != FileKind.Unknown)
        {
            return kind;
        }
        try
        {
            var target = link.ResolveLinkTarget(returnFinalTarget: true);
            return target switch
            {
                null => FileKind.Unknown,
                DirectoryInfo { Exists: true } => FileKind.Directory,
                { Exists: true } => FileKind.Unknown,
                _ => FileKind.Missing,
            };
        }
        catch (IOException)
        {
            return FileKind.LinkLoop;
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
