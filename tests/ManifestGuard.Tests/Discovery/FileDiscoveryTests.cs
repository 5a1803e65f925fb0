using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Discovery;

public sealed class FileDiscoveryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Root => _dir.Combine("repo");

    private List<string> Discover(IReadOnlyList<string>? include = null, IReadOnlyList<string>? exclude = null, params string[] paths) =>
        [.. FileDiscovery.Discover(paths.Length == 0 ? [Root] : paths, Root, include ?? ManifestGuardConfig.DefaultInclude, exclude ?? []).Select(i => i.DisplayPath)];

    private void Files(params string[] relativePaths)
    {
        foreach (var path in relativePaths)
        {
            _dir.Write("repo/" + path, "kind: ConfigMap\n");
        }
    }

    [Fact]
    public void The_default_globs_take_yaml_yml_and_json_files_at_any_depth()
    {
        Files("a.yaml", "b.yml", "c.json", "notes.txt", "Makefile", "apps/web/deployment.yaml", "apps/web/kustomization.yml", "apps/web/README.md");

        Assert.Equal(["a.yaml", "apps/web/deployment.yaml", "apps/web/kustomization.yml", "b.yml", "c.json"], Discover());
    }

    [Theory]
    [InlineData(new[] { "apps/**/*.yaml" }, new string[0], new[] { "apps/api/deploy.yaml", "apps/web/charts/values.yaml", "apps/web/deploy.yaml" })]
    [InlineData(new[] { "**/*.yaml" }, new[] { "**/charts/**" }, new[] { "apps/api/deploy.yaml", "apps/web/deploy.yaml", "base/pod.yaml" })]
    [InlineData(new[] { "**/*.yaml" }, new[] { "apps/api/**", "base/*.yaml" }, new[] { "apps/web/charts/values.yaml", "apps/web/deploy.yaml" })]
    [InlineData(new[] { "*.yaml" }, new string[0], new string[0])]
    [InlineData(new[] { "base/*.yaml", "apps/*/deploy.yaml" }, new string[0], new[] { "apps/api/deploy.yaml", "apps/web/deploy.yaml", "base/pod.yaml" })]
    public void Include_and_exclude_globs_are_matched_against_paths_relative_to_the_root(string[] include, string[] exclude, string[] expected)
    {
        Files("base/pod.yaml", "apps/web/deploy.yaml", "apps/web/charts/values.yaml", "apps/api/deploy.yaml", "apps/api/notes.txt");

        Assert.Equal(expected, Discover(include, exclude));
    }

    [Fact]
    public void Git_folders_are_never_entered_but_other_dot_folders_are()
    {
        Files("app.yaml", ".git/config.yaml", ".git/refs/x.json", "vendor/lib/.git/hooks.yaml", ".github/workflows/ci.yaml", ".gitlab-ci.yml");

        Assert.Equal([".github/workflows/ci.yaml", ".gitlab-ci.yml", "app.yaml"], Discover());
    }

    [Fact]
    public void A_file_named_explicitly_is_scanned_whatever_the_globs_say()
    {
        Files("deploy.txt", "charts/values.yaml", "app.yaml");

        var found = Discover(["*.json"], ["**/charts/**"], _dir.Combine("repo/deploy.txt"), _dir.Combine("repo/charts/values.yaml"));

        Assert.Equal(["charts/values.yaml", "deploy.txt"], found);
    }

    [Fact]
    public void The_order_is_by_path_whatever_order_the_files_were_created_in()
    {
        string[] scrambled = ["z.yaml", "m/b.yaml", "a.yaml", "M.yaml", "m/a/z.yaml", "b-c.yaml", "b.yaml", "m/a.yaml", "_x.yaml", "10.yaml", "9.yaml"];
        Files(scrambled);

        var found = Discover();

        // Ordinal order: the same on every file system and in every culture.
        Assert.Equal(["10.yaml", "9.yaml", "M.yaml", "_x.yaml", "a.yaml", "b-c.yaml", "b.yaml", "m/a.yaml", "m/a/z.yaml", "m/b.yaml", "z.yaml"], found);
        Assert.Equal(found, Discover(null, null, _dir.Combine("repo/m"), Root, _dir.Combine("repo/z.yaml")));
    }

    [Fact]
    public void Overlapping_paths_give_each_file_once()
    {
        Files("apps/web.yaml", "apps/api.yaml");

        Assert.Equal(["apps/api.yaml", "apps/web.yaml"], Discover(null, null, Root, _dir.Combine("repo/apps"), _dir.Combine("repo/apps/web.yaml")));
    }

    [Fact]
    public void A_missing_path_is_an_error_naming_it()
    {
        var missing = _dir.Combine("repo/nope");

        var error = Assert.Throws<FileNotFoundException>(() => Discover(null, null, missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_to_a_directory_is_not_followed_but_kept_once_as_not_read()
    {
        Files("app.yaml", "base/pod.yaml");
        _dir.Write("outside/secret.yaml", "kind: Secret\n");
        Directory.CreateSymbolicLink(_dir.Combine("repo/linked"), _dir.Combine("outside"));
        Directory.CreateSymbolicLink(_dir.Combine("repo/base/loop"), Root);
        Directory.CreateSymbolicLink(_dir.Combine("repo/shared"), "base");

        var found = FileDiscovery.Discover([Root], Root, ManifestGuardConfig.DefaultInclude, [])
            .ToDictionary(i => i.DisplayPath, i => i.NotRead);

        Assert.Equal(["app.yaml", "base/loop", "base/pod.yaml", "linked", "shared"], found.Keys);
        Assert.Null(found["app.yaml"]);
        Assert.Null(found["base/pod.yaml"]);
        foreach (var link in new[] { "base/loop", "linked", "shared" })
        {
            Assert.StartsWith("not read: a symbolic link to a folder (", found[link], StringComparison.Ordinal);
            Assert.Contains("name the folder as a PATH to scan it, or exclude the link", found[link], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_symbolic_link_to_a_directory_that_an_exclude_glob_names_is_not_reported()
    {
        Files("app.yaml", "base/pod.yaml");
        Directory.CreateSymbolicLink(_dir.Combine("repo/shared"), "base");
        Directory.CreateDirectory(_dir.Combine("repo/vendor"));
        Directory.CreateSymbolicLink(_dir.Combine("repo/vendor/linked"), Root);

        Assert.Equal(["app.yaml", "base/pod.yaml"], Discover(exclude: ["shared", "vendor/**"]));
        Assert.Equal(["app.yaml", "base/pod.yaml", "vendor/linked"], Discover(exclude: ["shared"]));
    }

    [Fact]
    public void A_symbolic_link_to_a_file_outside_the_folder_is_kept_as_not_read_but_one_inside_is_read()
    {
        Files("app.yaml");
        _dir.Write("outside/secret.yaml", "kind: Secret\n");
        File.CreateSymbolicLink(_dir.Combine("repo/escape.yaml"), _dir.Combine("outside/secret.yaml"));
        File.CreateSymbolicLink(_dir.Combine("repo/relative-escape.yaml"), "../outside/secret.yaml");
        File.CreateSymbolicLink(_dir.Combine("repo/alias.yaml"), "app.yaml");

        var found = FileDiscovery.Discover([Root], Root, ManifestGuardConfig.DefaultInclude, []).ToDictionary(i => i.DisplayPath, i => i.NotRead);

        Assert.Equal(["alias.yaml", "app.yaml", "escape.yaml", "relative-escape.yaml"], found.Keys);
        Assert.Null(found["alias.yaml"]);
        Assert.Null(found["app.yaml"]);
        Assert.Contains("outside the repository", found["escape.yaml"], StringComparison.Ordinal);
        Assert.Contains("outside the repository", found["relative-escape.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_folder_outside_the_root_is_walked_with_the_same_globs()
    {
        Files("app.yaml");
        _dir.Write("other/extra.yaml", "kind: ConfigMap\n");
        _dir.Write("other/charts/values.yaml", "kind: ConfigMap\n");
        _dir.Write("other/notes.txt", "");

        var found = Discover(null, ["**/charts/**"], Root, _dir.Combine("other"));

        Assert.Equal(new[] { "app.yaml", _dir.Combine("other/extra.yaml").Replace('\\', '/') }.Order(StringComparer.Ordinal), found);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a', (byte)':', (byte)' ', (byte)'1' }, "a: 1")]
    [InlineData(new byte[] { (byte)'a', (byte)':', (byte)' ', (byte)'1' }, "a: 1")]
    [InlineData(new byte[] { (byte)'a', (byte)'\r', (byte)'\n', (byte)'b' }, "a\r\nb")]
    [InlineData(new byte[] { 0xC3, 0xA9 }, "\u00e9")]
    public void SourceReader_decodes_utf8_and_drops_only_a_leading_byte_order_mark(byte[] bytes, string text)
    {
        Assert.Equal(text, SourceReader.Decode(bytes));
    }

    [Fact]
    public void SourceReader_reads_stdin_without_its_byte_order_mark()
    {
        var source = SourceReader.ReadStdin(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("\uFEFFkind: Pod\n")));

        Assert.Equal("kind: Pod\n", source.Text);
        Assert.Equal(SourceText.StdinName, source.DisplayPath);
        Assert.Null(source.FullPath);
    }

    [Fact]
    public void ScanRoot_is_the_git_work_tree_holding_the_path()
    {
        Files("apps/web/deploy.yaml");
        Directory.CreateDirectory(_dir.Combine("repo/.git"));

        Assert.Equal(Root, ScanRoot.For(_dir.Combine("repo/apps/web/deploy.yaml"), _dir.Path));
        Assert.Equal(Root, ScanRoot.For("apps/web", Root));
        Assert.Equal("apps/web/deploy.yaml", FileDiscovery.DisplayPathOf(_dir.Combine("repo/apps/web/deploy.yaml"), Root));
    }
}
