namespace ManifestGuard.Discovery;

/// <summary>
/// The folder that reported paths are relative to: the git work tree holding the first PATH (so SARIF
/// paths match what code scanning shows), else the current folder when the PATH is inside it, else
/// the PATH's own folder.
/// </summary>
internal static class ScanRoot
{
    public static string For(string firstPath, string currentDirectory)
    {
        var full = Path.GetFullPath(firstPath, currentDirectory);
        var start = Directory.Exists(full) ? full : Path.GetDirectoryName(full) ?? currentDirectory;
        if (GitWorkTree.Of(start) is { } workTree)
        {
            return workTree;
        }
        var relative = Path.GetRelativePath(currentDirectory, start);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? start : Path.GetFullPath(currentDirectory);
    }
}
