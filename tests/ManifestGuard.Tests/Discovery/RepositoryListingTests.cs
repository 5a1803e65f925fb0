using ManifestGuard.Analysis;
using ManifestGuard.Discovery;
using ManifestGuard.Rendering;
using ManifestGuard.Tests.Integrations;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Discovery;

/// <summary>
/// A run lists the repository once, as git sees it when .gitignore is respected, and looks for
/// kustomizations and charts only there (outside git with no configuration, only in the PATHs).
/// </summary>
public sealed class RepositoryListingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
        + "spec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n";

    private List<string> Listed(ScanPlan plan) =>
        [.. plan.Listing!.Files
            .Select(f => Path.GetRelativePath(_dir.Path, f.FullPath).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    private static void Git(string directory, params string[] arguments) => PreCommitFixture.Git(directory, arguments);

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void In_a_work_tree_git_lists_tracked_and_untracked_files_without_ignored_or_deleted_ones()
    {
        Git(_dir.Path, "init", "-q");
        _dir.Write(".gitignore", "out/\n");
        _dir.Write("apps/web.yaml", Deployment);
        _dir.Write("apps/gone.yaml", Deployment);
        Git(_dir.Path, "add", "-A");
        File.Delete(_dir.Combine("apps/gone.yaml"));
        _dir.Write("apps/new.yaml", Deployment);
        _dir.Write("out/build.yaml", Deployment);

        var plan = ScanPlan.Prepare(["apps"], null, _dir.Path);

        Assert.Equal([".gitignore", "apps/new.yaml", "apps/web.yaml"], Listed(plan));
        Assert.Equal(["apps/new.yaml", "apps/web.yaml"], plan.Inputs.Select(i => i.DisplayPath));
        Assert.Equal(_dir.Path, Assert.Single(plan.Listing!.Folders).Folder);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void In_a_work_tree_links_to_folders_tracked_or_not_are_reported_as_without_git()
    {
        Git(_dir.Path, "init", "-q");
        _dir.Write("base/pod.yaml", Deployment);
        Directory.CreateDirectory(_dir.Combine("apps"));
        Directory.CreateSymbolicLink(_dir.Combine("apps/tracked"), "../base");
        Git(_dir.Path, "add", "-A");
        Directory.CreateSymbolicLink(_dir.Combine("apps/untracked"), "../base");
        File.CreateSymbolicLink(_dir.Combine("apps/web.yaml"), "../base/pod.yaml");

        var plan = ScanPlan.Prepare(["."], null, _dir.Path);
        var found = plan.Inputs.ToDictionary(i => i.DisplayPath, i => i.NotRead);

        Assert.Equal(["apps/tracked", "apps/untracked", "apps/web.yaml", "base/pod.yaml"], found.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("not read: a symbolic link to a folder (../base)", found["apps/tracked"], StringComparison.Ordinal);
        Assert.StartsWith("not read: a symbolic link to a folder (../base)", found["apps/untracked"], StringComparison.Ordinal);
        Assert.Null(found["apps/web.yaml"]);
        Assert.Null(found["base/pod.yaml"]);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void Without_respectGitIgnore_the_work_tree_is_walked_whole_but_for_git_itself()
    {
        Git(_dir.Path, "init", "-q");
        _dir.Write(".gitignore", "out/\n");
        _dir.Write(".manifestguard.yaml", "respectGitIgnore: false\n");
        _dir.Write("out/build.yaml", Deployment);

        var plan = ScanPlan.Prepare(["."], null, _dir.Path);

        Assert.Equal([".gitignore", ".manifestguard.yaml", "out/build.yaml"], Listed(plan));
        Assert.Contains(plan.Inputs, i => i.DisplayPath == "out/build.yaml");
    }

    [Fact]
    public void Outside_git_without_configuration_a_file_is_checked_without_looking_at_the_current_folder()
    {
        // The current folder holds a kustomization that uses the file: outside a repository it is not searched.
        _dir.Write("app/web.yaml", Deployment);
        _dir.Write("other/kustomization.yaml", "resources:\n  - ../app/web.yaml\n");

        var plan = ScanPlan.Prepare(["app/web.yaml"], null, _dir.Path);
        var render = RenderPlan.For(plan.Inputs, plan.RootDirectory, RenderSettings.Default, plan.Listing);

        Assert.Null(plan.Repository);
        Assert.Empty(plan.Listing!.Folders);
        Assert.Empty(render.Targets);
        Assert.Equal(["app/web.yaml"], render.AsWritten.Select(i => i.DisplayPath));
        // What the search found before: the current folder's kustomization as the file's root.
        var walked = RenderPlan.For(plan.Inputs, plan.RootDirectory, RenderSettings.Default);
        Assert.Equal(_dir.Combine("other"), Assert.Single(walked.Targets).Directory);
    }

    [Fact]
    public void A_kustomization_named_as_a_path_outside_git_is_still_rendered_as_a_root()
    {
        _dir.Write("overlay/web.yaml", Deployment);
        _dir.Write("overlay/kustomization.yaml", "resources:\n  - web.yaml\n");

        var plan = ScanPlan.Prepare(["overlay/kustomization.yaml"], null, _dir.Path);
        var render = RenderPlan.For(plan.Inputs, plan.RootDirectory, RenderSettings.Default, plan.Listing);

        Assert.Equal(_dir.Combine("overlay"), Assert.Single(render.Targets).Directory);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void In_git_the_kustomization_search_covers_the_repository_but_not_what_git_ignores()
    {
        Git(_dir.Path, "init", "-q");
        _dir.Write(".gitignore", "vendor/\n");
        _dir.Write("base/web.yaml", Deployment);
        _dir.Write("base/kustomization.yaml", "resources:\n  - web.yaml\n");
        _dir.Write("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\n");
        _dir.Write("vendor/copy/kustomization.yaml", "resources:\n  - ../../base/web.yaml\n");

        var plan = ScanPlan.Prepare(["base/web.yaml"], null, _dir.Path);
        var render = RenderPlan.For(plan.Inputs, plan.RootDirectory, RenderSettings.Default, plan.Listing);

        Assert.Equal([_dir.Combine("overlays/prod")], render.Targets.Select(t => t.Directory));
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void A_folder_outside_the_repository_is_listed_once_beside_it()
    {
        Git(_dir.Path, "init", "-q");
        _dir.Write("repo-file.yaml", Deployment);
        using var outside = new TempDirectory();
        outside.Write("a/one.yaml", Deployment);
        outside.Write("a/b/two.yaml", Deployment);

        var plan = ScanPlan.Prepare(["repo-file.yaml", outside.Combine("a"), outside.Combine("a/b")], null, _dir.Path);

        Assert.Equal([_dir.Path, outside.Combine("a")], plan.Listing!.Folders.Select(f => f.Folder));
        Assert.Equal(3, plan.Inputs.Count);
    }
}
