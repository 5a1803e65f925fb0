using ManifestGuard.Configuration;
using ManifestGuard.Discovery;

namespace ManifestGuard.Analysis;

/// <summary>What a command will scan: the configuration in force, the root, the files, and whether stdin is one of them.</summary>
internal sealed record ScanPlan(ManifestGuardConfig Config, string RootDirectory, IReadOnlyList<ScanInput> Inputs, bool ReadsStdin)
{
    public const string StdinArgument = "-";

    /// <summary>
    /// Resolves PATH arguments (none means the current folder) and the configuration: `--config`, or
    /// `.manifestguard.yaml` at the first PATH or its nearest parent up to the repository root.
    /// </summary>
    public static ScanPlan Prepare(IReadOnlyList<string> paths, string? configPath, string currentDirectory)
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
        config = config with { PolicyFiles = PolicyFilesUnder(config.PolicyFiles, root) };
        var inputs = FileDiscovery.Discover(filePaths, root, config.Include, config.Exclude);
        return new ScanPlan(config, root, inputs, readsStdin);
    }

    /// <summary>Policy files reported relative to the scan root like every other file; a folder (registries.d) stands for its files.</summary>
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
