using System.ComponentModel;
using System.Diagnostics;

namespace ManifestGuard.Discovery;

/// <summary>
/// The untracked files and folders git ignores in a work tree, as git itself decides (every .gitignore,
/// `.git/info/exclude`, `core.excludesFile`): one `git ls-files` per scan, never a re-implementation of
/// the ignore rules. Without git on PATH, or outside a work tree, nothing is ignored.
/// </summary>
internal sealed class GitIgnoredPaths
{
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);

    public static GitIgnoredPaths None { get; } = new([]);

    private GitIgnoredPaths(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            // `--directory` names a wholly ignored folder once, with a trailing slash, instead of every file in it.
            (path.EndsWith('/') ? _folders : _files).Add(path.TrimEnd('/'));
        }
    }

    /// <summary>Asks git about the work tree at <paramref name="workTree"/> (paths come back relative to it).</summary>
    public static GitIgnoredPaths Query(string workTree)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        string[] arguments = ["-C", workTree, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var git = Process.Start(start);
            if (git is null)
            {
                return None;
            }
            git.StandardInput.Close();
            var errors = git.StandardError.ReadToEndAsync();
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            _ = errors.Result;
            // Not a work tree (exit 128) or any other failure: scan everything rather than guess.
            return git.ExitCode == 0
                ? new GitIgnoredPaths(output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
                : None;
        }
        catch (Win32Exception)
        {
            return None;
        }
    }

    /// <summary>Whether a `/`-separated path relative to the work tree is ignored, itself or by a folder above.</summary>
    public bool Contains(string relativePath)
    {
        if (_files.Contains(relativePath))
        {
            return true;
        }
        for (var slash = relativePath.IndexOf('/'); slash > 0; slash = relativePath.IndexOf('/', slash + 1))
        {
            if (_folders.Contains(relativePath[..slash]))
            {
                return true;
            }
        }
        return false;
    }
}
