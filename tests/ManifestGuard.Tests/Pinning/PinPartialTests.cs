using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.Registry;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Pinning;

/// <summary>
/// `pin` on a repository where some files do not parse: the others are pinned, every broken file is
/// listed with file:line:col and the exit code is 1; `--strict` writes nothing and exits 3.
/// </summary>
[Trait(Requires.Trait, Requires.Registry)]
[Collection(RegistryGroup.Name)]
public sealed class PinPartialTests(RegistryFixture registry) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Good => $"apiVersion: v1\nkind: Pod\nmetadata: {{name: good}}\nspec:\n  containers:\n    - name: a\n      image: {registry.Open}/app/single:1\n";

    private const string BrokenFlow = "apiVersion: v1\nkind: Pod\nspec: {containers: [\n";
    private const string BrokenIndent = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n name: y\n";

    private void WriteRepository()
    {
        _dir.Write("a-good.yaml", Good);
        _dir.Write("b-broken.yaml", BrokenFlow);
        _dir.Write("c-broken.yaml", BrokenIndent);
        File.WriteAllBytes(_dir.Combine("d-latin1.yaml"), [.. "kind: ConfigMap\ndata: {a: \""u8, 0xE9, .. "\"}\n"u8]);
    }

    [Fact]
    public async Task Pins_the_files_it_can_read_lists_every_other_one_and_exits_1()
    {
        var digest = await registry.RawDigestAsync(registry.Open, "app/single:1");
        WriteRepository();

        var result = CliRunner.Run(_dir.Path, null, "pin", ".");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(Good.Replace("app/single:1\n", $"app/single:1@{digest}\n", StringComparison.Ordinal), File.ReadAllText(_dir.Combine("a-good.yaml")));
        Assert.Matches(@"(?m)^b-broken\.yaml:\d+:\d+: not valid YAML or JSON: ", result.Stderr);
        Assert.Matches(@"(?m)^c-broken\.yaml:5:\d+: not valid YAML or JSON: ", result.Stderr);
        Assert.Matches(@"(?m)^d-latin1\.yaml:1:1: not valid UTF-8", result.Stderr);
        Assert.Contains("pinned 1 reference(s) in 1 file(s); 3 file(s) not read or parsed", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(BrokenFlow, File.ReadAllText(_dir.Combine("b-broken.yaml")));
        Assert.Equal(BrokenIndent, File.ReadAllText(_dir.Combine("c-broken.yaml")));
    }

    [Fact]
    public void Strict_lists_every_broken_file_and_writes_nothing()
    {
        WriteRepository();

        var result = CliRunner.Run(_dir.Path, null, "pin", ".", "--strict");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(Good, File.ReadAllText(_dir.Combine("a-good.yaml")));
        Assert.Contains("b-broken.yaml:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("c-broken.yaml:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("d-latin1.yaml:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("3 file(s) could not be read or parsed; no file was changed (--strict)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_that_fails_to_resolve_still_writes_nothing_even_with_broken_files_around()
    {
        WriteRepository();
        _dir.Write("e-missing.yaml", Good.Replace("app/single:1", "app/single:no-such-tag", StringComparison.Ordinal));

        var result = CliRunner.Run(_dir.Path, null, "pin", ".");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(Good, File.ReadAllText(_dir.Combine("a-good.yaml")));
        Assert.Contains("b-broken.yaml:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("e-missing.yaml:7:14:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("could not be resolved; no file was changed", result.Stderr, StringComparison.Ordinal);
    }
}
