using ManifestGuard.Analysis;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Registry;
using ManifestGuard.Rules;
using ManifestGuard.Tests.Registry;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Rules;

/// <summary>What `check --online` adds per image, against a real registry: MG501 and MG502 messages and the pin fix.</summary>
[Trait(Requires.Trait, Requires.Registry)]
[Collection(RegistryGroup.Name)]
public sealed class OnlineImageChecksMutationTests(RegistryFixture registry)
{
    private static async Task<OnlineCheckResult> CheckAsync(string manifest, string? config = null)
    {
        var settings = TestScan.Config(config);
        var scan = new ManifestScanner(settings, RuleCatalog.Default) { MaxParallelism = 1 }
            .Scan([], Path.GetTempPath(), new SourceText(TestScan.FileName, null, manifest));
        using var client = new RegistryClient(new RegistryClientOptions { Delay = (_, _) => Task.CompletedTask });
        return await OnlineImageChecks.CheckAsync(scan.Images, new CheckContext(settings, RuleCatalog.Default), client);
    }

    private static string Pod(params string[] images) =>
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n" +
        string.Concat(images.Select((image, i) => $"    - name: c{i}\n      image: {image}\n"));

    [Fact]
    public async Task Missing_tags_and_digests_and_a_moved_tag_are_told_in_words()
    {
        var r = registry.Open;
        var old = await registry.RawDigestAsync(r, "app/moving:old");
        var current = await registry.RawDigestAsync(r, "app/moving:1");
        var missing = "sha256:" + new string('0', 64);

        var result = await CheckAsync(Pod($"{r}/app/moving:1@{old}", $"{r}/app/single:2", $"{r}/app/nothing", $"{r}/app/single@{missing}"));

        Assert.Empty(result.Errors);
        Assert.Equal(
            [
                (RuleIds.PinnedDigestDrift, 7, $"image \"{r}/app/moving:1@{old}\": the tag \"1\" now points at {current}, not at the pinned digest; re-pin if the new content is wanted"),
                (RuleIds.ImageNotFound, 9, $"image \"{r}/app/single:2\": the registry has no tag \"2\" in {r}/app/single"),
                (RuleIds.ImageNotFound, 11, $"image \"{r}/app/nothing\": the registry has no tag \"latest\" in {r}/app/nothing"),
                (RuleIds.ImageNotFound, 13, $"image \"{r}/app/single@{missing}\": the registry has no manifest {missing} in {r}/app/single"),
            ],
            result.Findings.Select(f => (f.RuleId, f.Span.StartLine, f.Message)));
        Assert.Equal(FindingLevel.Note, result.Findings[0].Level);
        Assert.Empty(result.Fixes);
    }

    [Fact]
    public async Task A_pinned_digest_that_exists_and_a_tag_that_did_not_move_say_nothing()
    {
        var r = registry.Open;
        var single = await registry.RawDigestAsync(r, "app/single:1");

        var result = await CheckAsync(Pod($"{r}/app/single:1@{single}", $"{r}/app/single@{single}"));

        Assert.Empty(result.Findings);
        Assert.Empty(result.Fixes);
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("{0}/app/single:1", "{0}/app/single:1@{1}")]
    [InlineData("\"{0}/app/single:1\"", "\"{0}/app/single:1@{1}\"")]
    [InlineData("'{0}/app/single:1'", "'{0}/app/single:1@{1}'")]
    public async Task An_unpinned_tag_gets_the_fix_pin_would_make_in_the_scalar_style_it_has(string written, string replacement)
    {
        var r = registry.Open;
        var single = await registry.RawDigestAsync(r, "app/single:1");

        var result = await CheckAsync(Pod(string.Format(written, r)));

        var (key, fix) = Assert.Single(result.Fixes);
        Assert.Equal($"{TestScan.FileName}@{fix.Span.StartOffset}", key);
        Assert.Equal($"Pin {r}/app/single:1 to {single}", fix.Description);
        Assert.Equal(string.Format(replacement, r, single), fix.Replacement);
        Assert.Equal((7, 14), (fix.Span.StartLine, fix.Span.StartColumn));
        Assert.Empty(result.Findings);
    }

    [Fact]
    public async Task Exempt_images_and_rules_set_to_off_are_not_reported()
    {
        var r = registry.Open;

        var exempt = await CheckAsync(Pod($"{r}/app/single:2"), $"exemptImages: [\"{r}/app/single:2\"]\n");
        var off = await CheckAsync(Pod($"{r}/app/single:2"), "rules:\n  MG502: off\n");

        Assert.Empty(exempt.Findings);
        Assert.Empty(off.Findings);
    }

    [Fact]
    public async Task A_registry_that_cannot_be_asked_is_an_error_with_the_place_named()
    {
        var port = RegistryFixture.FreePort();

        var result = await CheckAsync(Pod($"127.0.0.1:{port}/app:1"));

        Assert.Empty(result.Findings);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith($"{TestScan.FileName}:7:14: ", error, StringComparison.Ordinal);
    }
}
