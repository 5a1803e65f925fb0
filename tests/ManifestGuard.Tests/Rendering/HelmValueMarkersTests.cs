using ManifestGuard.Discovery;
using ManifestGuard.Rendering;
using Xunit;

namespace ManifestGuard.Tests.Rendering;

/// <summary>
/// Markers keyed by value path: a variant's values files merged as Helm merges `--values` files (mappings key
/// by key; lists, scalars and null replace), each string leaf marked by its path, each marker naming the line
/// of the file that set it; refused where Helm's reader would read the files otherwise.
/// </summary>
public sealed class HelmValueMarkersTests
{
    private const string Values = """
        image:
          repository: nginx
          tag: "1.27.1"
          pullPolicy: IfNotPresent
        replicas: 2
        sidecar:
          enabled: false
          image: busybox:1.36
        """;

    private static SourceText File(string name, string text) => new(name, null, text);

    private static HelmValueMarkers ByPath(params SourceText[] files) =>
        HelmValueMarkers.ByPath(files) ?? throw new Xunit.Sdk.XunitException("the files were not merged");

    private static int MarkerOf(HelmValueMarkers markers, string file, int line) =>
        Enumerable.Range(0, markers.Count).Single(
            id => markers[id].Location.File == file && markers[id].Location.Span.StartLine == line);

    [Fact]
    public void A_variant_that_only_changes_strings_writes_the_same_marked_text_and_names_its_own_line()
    {
        var alone = ByPath(File("values.yaml", Values));
        var prod = ByPath(File("values.yaml", Values), File("values-prod.yaml", "image:\n  tag: latest\n"));

        Assert.Equal(alone.MarkedTexts, prod.MarkedTexts);
        var tag = MarkerOf(prod, "values-prod.yaml", 2);
        Assert.Equal("latest", prod[tag].Value);
        Assert.Equal(
            ("values.yaml", 3, "1.27.1"),
            (alone[tag].Location.File, alone[tag].Location.Span.StartLine, alone[tag].Value));
        // The repository was not overridden: the same marker names values.yaml in both.
        Assert.Equal(MarkerOf(alone, "values.yaml", 2), MarkerOf(prod, "values.yaml", 2));
    }

    [Fact]
    public void A_variant_that_changes_a_boolean_writes_another_text()
    {
        var alone = ByPath(File("values.yaml", Values));
        var staging = ByPath(File("values.yaml", Values), File("values-staging.yaml", "sidecar:\n  enabled: true\n"));

        Assert.NotEqual(alone.MarkedTexts, staging.MarkedTexts);
        Assert.Contains("\"enabled\": true", staging.MarkedTexts[0], StringComparison.Ordinal);
        Assert.Contains("\"enabled\": false", alone.MarkedTexts[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Maps_merge_key_by_key_and_anything_else_replaces_null_included()
    {
        var markers = ByPath(
            File("values.yaml", Values),
            File("values-x.yaml", "image: {tag: v2}\nsidecar: null\nreplicas: [1]\nextra: {a: b}\n"));

        Assert.Equal(
            "{\"extra\": {\"a\": \"zzmg000000zz\"}, \"image\": {\"pullPolicy\": \"zzmg000001zz\", "
            + "\"repository\": \"zzmg000002zz\", \"tag\": \"zzmg000003zz\"}, \"replicas\": [1], \"sidecar\": null}\n",
            markers.MarkedTexts[0]);
        Assert.Equal(("values-x.yaml", "v2"), (markers[3].Location.File, markers[3].Value));
        Assert.Equal(("values.yaml", "nginx"), (markers[2].Location.File, markers[2].Value));
    }

    [Fact]
    public void A_map_replaces_a_scalar_and_a_scalar_replaces_a_map()
    {
        var markers = ByPath(
            File("values.yaml", "a: text\nb: {c: d}\n"),
            File("values-x.yaml", "a: {e: f}\nb: 3\n"));

        Assert.Equal("{\"a\": {\"e\": \"zzmg000000zz\"}, \"b\": 3}\n", markers.MarkedTexts[0]);
    }

    [Fact]
    public void Numbers_booleans_and_unmarked_strings_keep_their_values()
    {
        var markers = ByPath(
            File("values.yaml", "port: 0x1F\nratio: 1e3\nflag: yes\nempty: ''\ntext: |\n  line \"one\"\n"));

        Assert.Equal(
            "{\"empty\": \"\", \"flag\": yes, \"port\": 0x1F, \"ratio\": 1e3, \"text\": \"line \\\"one\\\"\\n\"}\n",
            markers.MarkedTexts[0]);
        Assert.Equal(0, markers.Count);
    }

    [Fact]
    public void An_anchor_used_under_two_paths_gets_a_marker_per_path_both_at_the_anchored_line()
    {
        var markers = ByPath(File("values.yaml", "a: &image\n  tag: \"1.0\"\nb: *image\n"));

        Assert.Equal(
            "{\"a\": {\"tag\": \"zzmg000000zz\"}, \"b\": {\"tag\": \"zzmg000001zz\"}}\n", markers.MarkedTexts[0]);
        Assert.Equal(markers[0].Location, markers[1].Location);
        Assert.Equal(2, markers[0].Location.Span.StartLine);
    }

    [Theory]
    [InlineData("merge key", "base: &b {tag: v1}\nimage:\n  <<: *b\n")]
    [InlineData("scalar tag", "image:\n  tag: !!str 1.0\n")]
    [InlineData("collection tag", "image: !!map\n  tag: v1\n")]
    [InlineData("number key", "1: one\n")]
    [InlineData("boolean key", "yes: one\n")]
    [InlineData("null key", "~: one\n")]
    [InlineData("collection key", "? [a, b]\n: one\n")]
    [InlineData("two documents", "a: b\n---\nc: d\n")]
    [InlineData("a list at the top", "- a\n")]
    [InlineData("does not parse", "image:\n  tag: [v1\n")]
    public void Files_helm_could_read_otherwise_are_not_merged_and_keep_markers_by_position(string why, string text)
    {
        var files = new[] { File("values.yaml", Values), File("values-x.yaml", text) };

        Assert.True(HelmValueMarkers.ByPath(files) is null, why);
        var markers = HelmValueMarkers.For(files);
        Assert.False(markers.IsByPath);
        Assert.Equal(2, markers.MarkedTexts.Count);
    }

    [Fact]
    public void An_empty_values_file_merges_as_no_values()
    {
        var markers = ByPath(File("values.yaml", Values), File("values-x.yaml", "# nothing here\n"));

        Assert.Equal(ByPath(File("values.yaml", Values)).MarkedTexts, markers.MarkedTexts);
    }

    [Fact]
    public void Whether_a_marked_value_occurs_in_an_image()
    {
        var markers = ByPath(File("values.yaml", Values));

        Assert.True(markers.AnyOccursIn(["docker.io/library/nginx:1.27.1"]));
        Assert.False(markers.AnyOccursIn(["quay.io/acme/api:2.0", "redis:7"]));
    }
}
