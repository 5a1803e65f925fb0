using ManifestGuard.Configuration;
using ManifestGuard.Discovery;

namespace ManifestGuard.Analysis;

/// <summary>
/// What a command will scan: the configuration in force, the root, the files, and whether stdin is one of them.
/// </summary>
internal sealed record ScanPlan(ManifestGuardConfig Config, string RootDirectory, IReadOnlyList<ScanInput> Inputs, bool ReadsStdin)
{
    public const string StdinArgument = "-";

    /// <summary>
    /// The folder whose policy objects apply whatever PATHs are given (see <see cref="RepositoryPolicies"/>),
    /// or null when there is none: outside git and without a configuration file.
    /// </summary>
    public string? Repository { get; init; }

    /// <summary>
    /// The files of the repository and of the PATH folders outside it, listed once for discovery, the
    /// repository's policies and the search for kustomizations and charts; null when no plan listed them.
    /// </summary>
    public RepositoryListing? Listing { get; init; }

    /// <summary>
    /// Resolves PATH arguments (none means the current folder) and the configuration: `--config`, or
    /// `.manifestguard.yaml` at the first PATH or its nearest parent up to the repository root.
    /// </summary>
    /// <param name="paths">The PATH arguments, `-` for stdin.</param>
    /// <param name="configPath">`--config`, or null to look for the configuration.</param>
    /// <param name="currentDirectory">The run's working folder.</param>
    /// <param name="searchPath">The run's PATH, where renderers are looked up; this process's when null.</param>
    public static ScanPlan Prepare(
        IReadOnlyList<string> paths, string? configPath, string currentDirectory, string? searchPath = null)
    {
        if (paths.Count == 0)
        {
            paths = ["."];
        }
        var readsStdin = paths.Contains(StdinArgument);
        var filePaths = paths.Where(p => p != StdinArgument).Select(p => Path.GetFullPath(p, currentDirectory)).ToList();
        var anchor = filePaths.FirstOrDefault() ?? currentDirectory;

        var configFile = configPath is null ? ConfigLoader.Find(anchor) : Path.GetFullPath(configPath, currentDirectory);
        if (configPath is not null && !File.Exists(configFile))
        {
            throw new ConfigurationException("no such configuration file", configPath, 0, 0);
        }
        var config = configFile is null ? ManifestGuardConfig.Default : ConfigLoader.Load(configFile);

        var root = ScanRoot.For(anchor, currentDirectory);
        config = config with
        {
            PolicyFiles = PolicyFilesUnder(config.PolicyFiles, root),
            Render = config.Render with { SearchPath = searchPath },
        };
        var repository = RepositoryOf(anchor, configFile);
        var listing = RepositoryListing.Create(repository, filePaths.Where(Directory.Exists), config.RespectGitIgnore);
        var inputs = FileDiscovery.Discover(filePaths, root, config.Include, config.Exclude, listing);
        // The configuration in force is the tool's own file, not a manifest: neither scanned nor counted.
        return new ScanPlan(config, root, inputs, readsStdin) { Repository = repository, Listing = listing }
            .WithoutFile(configFile);
    }

    /// <summary>The plan without the file at <paramref name="fullPath"/> (the tool's own files, such as a baseline).</summary>
    public ScanPlan WithoutFile(string? fullPath) =>
        fullPath is null
            ? this
            : this with { Inputs = [.. Inputs.Where(input => !string.Equals(input.FullPath, fullPath, StringComparison.Ordinal))] };

    /// <summary>
    /// The repository of the first PATH: the folder of the configuration in force when it lies in the git
    /// work tree of that PATH (a repository of manifests kept in a folder of a larger one, with its own
    /// configuration), else the work tree itself; outside git, the configuration file's folder.
    /// </summary>
    private static string? RepositoryOf(string anchor, string? configFile)
    {
        var workTree = GitWorkTree.Of(Directory.Exists(anchor) ? anchor : Path.GetDirectoryName(anchor));
        var configFolder = configFile is null ? null : Path.GetDirectoryName(Path.GetFullPath(configFile));
        if (workTree is null)
        {
            return configFolder;
        }
        return configFolder is not null && !FileDiscovery.IsOutside(Path.GetRelativePath(workTree, configFolder))
            ? configFolder
            : workTree;
    }

    /// <summary>
    /// Policy files reported relative to the scan root like every other file; a folder (registries.d) stands for its
    /// files.
    /// </summary>
    private static List<(string FullPath, string DisplayPath)> PolicyFilesUnder(IReadOnlyList<(string FullPath, string DisplayPath)> files, string root)
    {
        var result = new List<(string, string)>();
        foreach (var (full, _) in files)
        {
            var paths = Directory.Exists(full)
                ? Directory.EnumerateFiles(full).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                : (IEnumerable<string>)[full];
            result.AddRange(paths.Select(path => (path, FileDiscovery.DisplayPathOf(path, root))));
        }
        return result;
    }
}
