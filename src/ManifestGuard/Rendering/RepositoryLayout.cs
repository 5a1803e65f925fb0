using System.IO.Enumeration;
using ManifestGuard.Discovery;

namespace ManifestGuard.Rendering;

/// <summary>
/// The kustomizations and charts of the repository around a scan: every kustomization file and every
/// `Chart.yaml` under the scan root, so that a scan of some files still knows which roots include them.
/// Hidden folders (`.git/`) and `node_modules/` are not entered, nor directory links.
/// </summary>
internal sealed record RepositoryLayout(IReadOnlyList<KustomizationFile> Kustomizations, IReadOnlyList<string> Charts)
{
    public static RepositoryLayout Find(string scanRoot, IReadOnlyList<ScanInput> inputs)
    {
        var directories = new SortedSet<string>(StringComparer.Ordinal);
        var charts = new SortedSet<string>(StringComparer.Ordinal);
        var starts = inputs.Select(input => FileDiscovery.IsOutside(Path.GetRelativePath(scanRoot, input.FullPath))
                ? Path.GetDirectoryName(input.FullPath)!
                : scanRoot)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var start in starts)
        {
            Walk(start, directories, charts);
        }
        var kustomizations = directories
            .Select(directory => KustomizationFile.In(directory))
            .OfType<string>()
            .AsParallel()
            .AsOrdered()
            .Select(KustomizationFile.Read)
            .ToList();
        return new RepositoryLayout(kustomizations, [.. charts]);
    }

    private static void Walk(string start, SortedSet<string> kustomizationDirectories, SortedSet<string> charts)
    {
        if (!Directory.Exists(start))
        {
            return;
        }
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
        };
        var pending = new Stack<string>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            var entries = new FileSystemEnumerable<(string Name, bool IsDirectory, bool IsLink)>(
                directory,
                (ref FileSystemEntry entry) =>
                    (entry.FileName.ToString(), entry.IsDirectory, entry.Attributes.HasFlag(FileAttributes.ReparsePoint)),
                options);
            foreach (var (name, isDirectory, isLink) in entries)
            {
                if (isDirectory)
                {
                    if (!isLink && !name.StartsWith('.') && name != "node_modules")
                    {
                        pending.Push(Path.Combine(directory, name));
                    }
                }
                else if (name == RenderPlan.ChartFileName)
                {
                    charts.Add(directory);
                }
                else if (KustomizationFile.FileNames.Contains(name, StringComparer.Ordinal))
                {
                    kustomizationDirectories.Add(directory);
                }
            }
        }
    }
}
