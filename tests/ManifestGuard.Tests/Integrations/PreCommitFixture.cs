using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// This repository as a pre-commit hook repository, installed once for every pre-commit test:
/// a git snapshot of the working tree (committed and uncommitted files, as `git ls-files` sees them,
/// so the hooks under test are the ones being edited) and a pre-commit store in which the first run
/// does what pre-commit's `language: dotnet` does for users (`dotnet pack`, `dotnet tool install`).
/// Later runs reuse that install, as they do on a developer's machine. The pre-commit tests are two
/// collections that run side by side (<see cref="PreCommitTests"/>, <see cref="PreCommitPinTests"/>);
/// both share the one install, which lives until the test run ends.
/// </summary>
public sealed class PreCommitFixture
{
    private static readonly Lazy<(string Root, string Revision)> Installed = new(Install);

    private readonly string _root;

    /// <summary>Installs the hooks, or waits for the install the other collection started.</summary>
    public PreCommitFixture() => (_root, Revision) = Installed.Value;

    public string HookRepository => HookRepositoryIn(_root);

    public string Revision { get; }

    /// <summary>PRE_COMMIT_HOME: where pre-commit keeps the cloned hook repository and the installed tool.</summary>
    public string Store => StoreIn(_root);

    /// <summary>
    /// NUGET_PACKAGES of the pre-commit runs: an empty package folder at first, so it shows what
    /// installing the hook restored (pre-commit cleans the clone afterwards, obj/ included).
    /// </summary>
    public string NuGetPackages => NuGetPackagesIn(_root);

    private static string HookRepositoryIn(string root) => Path.Combine(root, "hook-repo");

    private static string StoreIn(string root) => Path.Combine(root, "pre-commit-home");

    private static string NuGetPackagesIn(string root) => Path.Combine(root, "nuget-packages");

    private static (string Root, string Revision) Install()
    {
        var root = new TempDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => root.Dispose();
        var revision = RepositorySnapshot.Create(HookRepositoryIn(root.Path));

        // Install both hooks now, with a limit that fits a cold NuGet cache, so that no test pays for it.
        var config = ConfigFor(HookRepositoryIn(root.Path), revision, "manifestguard", "manifestguard-pin");
        using var consumer = NewConsumer(config);
        var install = ProcessRunner.Run(
            consumer.Path, "pre-commit", ["install-hooks"], EnvironmentFor(root.Path), TimeSpan.FromMinutes(10));
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"pre-commit could not install the hooks: {install}");
        }
        return (root.Path, revision);
    }

    /// <summary>The `.pre-commit-config.yaml` a user writes (README, "pre-commit"), pointing at the snapshot.</summary>
    public string ConfigFor(params string[] hookIds) => ConfigFor(HookRepository, Revision, hookIds);

    private static string ConfigFor(string hookRepository, string revision, params string[] hookIds) =>
        $"""
        repos:
          - repo: {hookRepository}
            rev: {revision}
            hooks:
        {string.Concat(hookIds.Select(id => $"      - id: {id}\n"))}
        """;

    /// <summary>A fresh git repository of manifests that uses the hooks.</summary>
    public TempDirectory NewConsumer(params string[] hookIds) => NewConsumer(ConfigFor(hookIds));

    private static TempDirectory NewConsumer(string config)
    {
        var consumer = new TempDirectory();
        Git(consumer.Path, "init", "-q");
        consumer.Write(".pre-commit-config.yaml", config);
        Git(consumer.Path, "add", ".pre-commit-config.yaml");
        Git(consumer.Path, "commit", "-q", "-m", "use the hooks");
        return consumer;
    }

    public ProcessRunner.Result PreCommit(string repository, params string[] args) => PreCommit(repository, TimeSpan.FromMinutes(2), args);

    public ProcessRunner.Result PreCommit(string repository, TimeSpan timeout, params string[] args) =>
        ProcessRunner.Run(repository, "pre-commit", args, Environment(), timeout);

    public static string Git(string repository, params string[] args) =>
        ProcessRunner.Run(repository, "git", args, Identity()) is { ExitCode: 0 } result
            ? result.Stdout
            : throw new InvalidOperationException($"git {string.Join(' ', args)} failed in {repository}");

    /// <summary>`git` as a user runs it, with the environment the pre-commit tests share (commits run the installed hook).</summary>
    public ProcessRunner.Result GitWithHooks(string repository, params string[] args) =>
        ProcessRunner.Run(repository, "git", args, Environment(), TimeSpan.FromMinutes(2));

    /// <summary>The folder where pre-commit installed the tool: an installed `manifestguard`, for the `language: system` variant.</summary>
    public string InstalledToolDirectory =>
        Directory.EnumerateFiles(Store, "manifestguard", SearchOption.AllDirectories).Select(Path.GetDirectoryName).First()!;

    /// <summary>pre-commit with an installed `manifestguard` on PATH.</summary>
    public ProcessRunner.Result PreCommitWithToolOnPath(string repository, params string[] args) =>
        PreCommitWithPath(repository, InstalledToolDirectory, args);

    /// <summary>pre-commit with a folder in front of PATH.</summary>
    public ProcessRunner.Result PreCommitWithPath(string repository, string folder, params string[] args)
    {
        var environment = Environment();
        environment["PATH"] = folder + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH");
        return ProcessRunner.Run(repository, "pre-commit", args, environment, TimeSpan.FromMinutes(2));
    }

    private Dictionary<string, string?> Environment() => EnvironmentFor(_root);

    private static Dictionary<string, string?> EnvironmentFor(string root)
    {
        var environment = Identity();
        environment["PRE_COMMIT_HOME"] = StoreIn(root);
        environment["PRE_COMMIT_COLOR"] = "never";
        environment["NUGET_PACKAGES"] = NuGetPackagesIn(root);
        return environment;
    }

    private static Dictionary<string, string?> Identity() => new()
    {
        ["GIT_AUTHOR_NAME"] = "ManifestGuard tests",
        ["GIT_AUTHOR_EMAIL"] = "tests@manifestguard.invalid",
        ["GIT_COMMITTER_NAME"] = "ManifestGuard tests",
        ["GIT_COMMITTER_EMAIL"] = "tests@manifestguard.invalid",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };

}

[CollectionDefinition(Name)]
public sealed class PreCommitTests : ICollectionFixture<PreCommitFixture>
{
    public const string Name = "pre-commit";
}

/// <summary>The pin hook's and the repository policy's pre-commit tests, beside <see cref="PreCommitTests"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PreCommitPinTests : ICollectionFixture<PreCommitFixture>
{
    public const string Name = "pre-commit: pin hook and repository policies";
}
