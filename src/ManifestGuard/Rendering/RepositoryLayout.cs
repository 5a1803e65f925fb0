using ManifestGuard.Analysis;
using ManifestGuard.Discovery;

namespace ManifestGuard.Rendering;

/// <summary>
/// The kustomizations and charts around a scan: every kustomization file and every `Chart.yaml` of the run's
/// <see cref="RepositoryListing"/> (the repository and the PATH folders outside it), so that a scan of some
/// files still knows which roots include them, and the PATH files that are one themselves. Nothing outside
/// the listing is searched: not the current folder, nor the parents of a PATH. Files in hidden folders
/// (`.github/`) and in `node_modules/` are left out.
/// </summary>
internal sealed record RepositoryLayout(IReadOnlyList<KustomizationFile> Kustomizations, IReadOnlyList<string> Charts)
{
    public static RepositoryLayout Find(RepositoryListing listing, IReadOnlyList<ScanInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var directories = new SortedSet<string>(StringComparer.Ordinal);
        var charts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var folder in listing.Folders)
        {
            foreach (var file in folder.Files)
            {
                Add(file.FullPath, folder.Folder, directories, charts);
            }
        }
        foreach (var input in inputs.Where(input => !listing.Covers(input.FullPath)))
        {
            Add(input.FullPath, Path.GetDirectoryName(input.FullPath)!, directories, charts);
        }
        var kustomizations = OrderedParallel.Map(
            directories.Select(directory => KustomizationFile.In(directory)).OfType<string>().ToList(),
            0,
            KustomizationFile.Read);
        return new RepositoryLayout(kustomizations, [.. charts]);
    }

    private static void Add(
        string path, string folder, SortedSet<string> kustomizationDirectories, SortedSet<string> charts)
    {
        var name = Path.GetFileName(path);
        var isChart = name == RenderPlan.ChartFileName;
        if (!isChart && !KustomizationFile.FileNames.Contains(name, StringComparer.Ordinal))
        {
            return;
        }
        var directory = Path.GetDirectoryName(path)!;
        var relative = Path.GetRelativePath(folder, directory);
        var parts = relative.Split(Path.DirectorySeparatorChar);
        if (parts.Any(part => part is "node_modules" || (part.StartsWith('.') && part != ".")))
        {
            return;
        }
        (isChart ? charts : kustomizationDirectories).Add(directory);
    }
}
