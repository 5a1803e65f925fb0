using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// This repository as a pre-commit hook repository, installed once for every pre-commit test:
/// a git snapshot of the working tree (committed and uncommitted files, as `git ls-files` sees them,
/// so the hooks under test are the ones being edited) and a pre-commit store in which the first run
/// does what pre-commit's `language: dotnet` does for users (`dotnet pack`, `dotnet tool install`).
/// Later runs reuse that install, as they do on a developer's machine.
/// </summary>
public sealed class PreCommitFixture : IDisposable
{
    private readonly TempDirectory _root = new();

    public PreCommitFixture()
    {
        HookRepository = Path.Combine(_root.Path, "hook-repo");
        Store = Path.Combine(_root.Path, "pre-commit-home");
        NuGetPackages = Path.Combine(_root.Path, "nuget-packages");
        Revision = RepositorySnapshot.Create(HookRepository);

        // Install both hooks now, with a limit that fits a cold NuGet cache, so that no test pays for it.
        using var consumer = NewConsumer("manifestguard", "manifestguard-pin");
        var install = PreCommit(consumer.Path, TimeSpan.FromMinutes(10), "install-hooks");
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"pre-commit could not install the hooks: {install}");
        }
    }

    public string HookRepository { get; }

    public string Revision { get; }

    /// <summary>PRE_COMMIT_HOME: where pre-commit keeps the cloned hook repository and the installed tool.</summary>
    public string Store { get; }

    /// <summary>
    /// NUGET_PACKAGES of the pre-commit runs: an empty package folder at first, so it shows what
    /// installing the hook restored (pre-commit cleans the clone afterwards, obj/ included).
    /// </summary>
    public string NuGetPackages { get; }

    /// <summary>The `.pre-commit-config.yaml` a user writes (README, "pre-commit"), pointing at the snapshot.</summary>
    public string ConfigFor(params string[] hookIds) =>
        $"""
        repos:
          - repo: {HookRepository}
            rev: {Revision}
            hooks:
        {string.Concat(hookIds.Select(id => $"      - id: {id}\n"))}
        """;

    /// <summary>A fresh git repository of manifests that uses the hooks.</summary>
    public TempDirectory NewConsumer(params string[] hookIds)
    {
        var consumer = new TempDirectory();
        Git(consumer.Path, "init", "-q");
        consumer.Write(".pre-commit-config.yaml", ConfigFor(hookIds));
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

    private Dictionary<string, string?> Environment()
    {
        var environment = Identity();
        environment["PRE_COMMIT_HOME"] = Store;
        environment["PRE_COMMIT_COLOR"] = "never";
        environment["NUGET_PACKAGES"] = NuGetPackages;
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

    public void Dispose() => _root.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PreCommitTests : ICollectionFixture<PreCommitFixture>
{
    public const string Name = "pre-commit";
}
