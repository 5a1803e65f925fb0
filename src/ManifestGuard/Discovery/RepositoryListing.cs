using System.IO.Enumeration;

namespace ManifestGuard.Discovery;

/// <summary>
/// The files of the folders a run looks at, listed once and shared: discovery of the PATHs, the repository's
/// policies and the search for kustomizations and charts all read this listing instead of walking the tree
/// again. With <c>respectGitIgnore</c>, a folder in a git work tree is listed by `git ls-files` (tracked and
/// untracked files, without what git ignores); otherwise it is walked, `.git/` is never entered and
/// directory links are not followed (they could lead out of the repository or loop).
/// </summary>
internal sealed class RepositoryListing
{
    private readonly List<ListedFolder> _folders;

    private RepositoryListing(string? repository, List<ListedFolder> folders)
    {
        Repository = repository;
        _folders = folders;
    }

    /// <summary>A listed folder (absolute, without a trailing separator) and every file under it.</summary>
    public sealed record ListedFolder(string Folder, IReadOnlyList<ListedFile> Files);

    /// <summary>The folder whose policies apply whatever PATHs are given, or null when there is none.</summary>
    public string? Repository { get; }

    /// <summary>The listed folders; none lies inside another.</summary>
    public IReadOnlyList<ListedFolder> Folders => _folders;

    /// <summary>
    /// Lists <paramref name="repository"/> (when there is one) and each of <paramref name="folders"/> that it
    /// does not hold, each once.
    /// </summary>
    public static RepositoryListing Create(string? repository, IEnumerable<string> folders, bool respectGitIgnore)
    {
        var wanted = new List<string>();
        if (repository is not null)
        {
            wanted.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(repository)));
        }
        // Outer folders first, so a folder inside one already listed is not listed again.
        wanted.AddRange(folders
            .Select(folder => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)))
            .OrderBy(folder => folder.Length));
        var listed = new List<ListedFolder>();
        foreach (var folder in wanted)
        {
            if (Directory.Exists(folder) && !listed.Any(other => IsUnder(folder, other.Folder)))
            {
                listed.Add(new ListedFolder(folder, List(folder, respectGitIgnore)));
            }
        }
        return new RepositoryListing(repository is null ? null : wanted[0], listed);
    }

    /// <summary>Every listed file.</summary>
    public IEnumerable<ListedFile> Files => _folders.SelectMany(folder => folder.Files);

    /// <summary>Whether a listed folder holds <paramref name="path"/> (or is it).</summary>
    public bool Covers(string path) => _folders.Any(folder => IsUnder(path, folder.Folder));

    /// <summary>The listed files under <paramref name="folder"/>, or null when no listed folder holds it.</summary>
    public IReadOnlyList<ListedFile>? FilesUnder(string folder)
    {
        folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (_folders.FirstOrDefault(listed => IsUnder(folder, listed.Folder)) is not { } holder)
        {
            return null;
        }
        if (holder.Folder.Length == folder.Length)
        {
            return holder.Files;
        }
        var prefix = folder + Path.DirectorySeparatorChar;
        return [.. holder.Files.Where(file => file.FullPath.StartsWith(prefix, StringComparison.Ordinal))];
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies under it.</summary>
    public static bool IsUnder(string path, string folder) =>
        path.StartsWith(folder, StringComparison.Ordinal)
        && (path.Length == folder.Length || path[folder.Length] == Path.DirectorySeparatorChar
            || folder.EndsWith(Path.DirectorySeparatorChar));

    private static IReadOnlyList<ListedFile> List(string folder, bool respectGitIgnore)
    {
        if (respectGitIgnore && GitWorkTree.Of(folder) is not null && GitWorkTree.ListFiles(folder) is { } files)
        {
            return files;
        }
        return [.. Walk(folder)];
    }

    /// <summary>Every entry of the folder tree that is not a folder.</summary>
    private static IEnumerable<ListedFile> Walk(string directory)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
        };
        while (pending.Count > 0)
        {
            // Entries as the directory listing gives them. Only a folder's attributes are asked for (whether it
            // is a link, one status call); a file's kind is asked once, and only when discovery matches it.
            var entries = new FileSystemEnumerable<(string Path, bool IsDirectory, bool IsLink)>(
                pending.Pop(),
                (ref FileSystemEntry entry) => (
                    entry.ToFullPath(),
                    entry.IsDirectory,
                    (entry.IsDirectory || !FileKinds.CanTell) && entry.Attributes.HasFlag(FileAttributes.ReparsePoint)),
                options);
            foreach (var (path, isDirectory, isLink) in entries)
            {
                if (!isDirectory || isLink)
                {
                    // A link to a folder is listed, not followed: discovery reports it (it may leave the
                    // repository or loop back).
                    yield return new ListedFile(path, isLink);
                }
                else if (Path.GetFileName(path) != ".git")
                {
                    pending.Push(path);
                }
            }
        }
    }
}
