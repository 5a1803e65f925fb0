using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Yaml;

/// <summary>
/// The fast path must give exactly what YamlDotNet gives (values, styles, every position, shared alias
/// nodes) for whatever it accepts, and decline the rest. Each accepted case is checked against
/// YamlDotNet itself, so these tests hold even where the YAML spec leaves room for readings.
/// </summary>
public class FastPathReaderTests
{
    public static TheoryData<string> Accepted => new()
    {
        // block mappings and sequences, indentless sequences, compact nesting
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n",
        "a:\n- x\n- y\nb: 1\n",
        "a:\n  - x\n  - y\nb: 1\n",
        "- - a\n  - b\n- c: d\n  e: f\n",
        "- name: a\n  image: nginx:1\n-   name: b\n    args:\n    - x\n",
        "spec:\n  containers:\n  - name: a\n    image: nginx:1 # comment\n    command:\n      - sh\n  x: 1\n",
        "a:\n  b:\n    c:\n      d: 1\n  e: 2\nf: 3",
        // empty values and empty sequence entries
        "a:\nb: 1\n",
        "a:   # c\n\n  # d\nb: 1\n",
        "- \n- a\n-\n",
        "a:\n  b:\n",
        // plain scalars: spaces, colons and hashes inside, over several lines
        "a: b c d\n",
        "url: http://example.com:8080/x#frag\n",
        "a: b  \n  c\n\n\n  d\nf: g",
        "- foo\n  bar\n- baz\n",
        "k:\n  value on\n   the next lines\n",
        "key  : value\n",
        "a: -1\nb: --flag=x\nc: '-'\n",
        "a: 1 # comment\n# own line\n  # indented comment\nb: 2\n",
        // quoted scalars and escapes
        "a: \"x\\ty\\n\\u00e9\\x41\\U0001F600\\\\\\\"\\/\"\n",
        "a: 'it''s'\n",
        "\"quoted key\": 1\n'single': 2\n",
        "a: \"\"\nb: ''\n",
        "a: \"x\" # c\n",
        // block scalars: chomping, blank lines, more-indented lines, end of text
        "x: |\n  one\n  two\n",
        "x: |-\n    one\n# c\ny: 2\n",
        "x: |+\n  one\n\n\ny: 2\n",
        "k:\n  x: |\n    one\n\n\n  y: 2\n",
        "x: >\n  one\n  two\n\n  three\n   four\n  five\n",
        "x: >-\n  a\n\n\n  b\n",
        "x: |\n  one",
        "x: |\n\n  after a blank line\n",
        "- |\n  in a sequence\n- >\n  folded\n  text\n",
        "x: | # comment\n  text\n",
        "x: |\n  tab\tinside\n",
        // flow collections and JSON
        "labels: {app: web, b: \"c\"}\n",
        "args: [a, b, \"c d\"]\nempty: []\nnone: {}\n",
        "x: [nginx:1.25, \"b\"]\n",
        "a: [1,\n  2]\n",
        "{\"a\":\"b\", \"c\":[1,2,{\"d\":null}]}",
        "{\n  \"spec\": {\n    \"image\": \"nginx:1.25\",\n    \"n\": [1, 2.5, -3, true]\n  }\n}\n",
        "{\n\t\"a\": 1\n}\n",
        "x: {a: [1, {b: c}], d: 'e'}\n",
        "x: [a # comment\n  , b]\n",
        // anchors and aliases
        "- &a foo\n- *a\n- &b {x: 1}\n- &c\n  y: 2\n- *c\n- &d [1]\n",
        "base: &base\n  a: 1\nother:\n  <<: *base\n  b: 2\n",
        // documents
        "---\na: 1\n...\n---\nb: 2\n",
        "a: 1\n---\nb: 2\n",
        "# leading comment\n---\na: 1\n",
        "--- # comment\na: 1\n",
        "  a: 1\n  b: 2\n",
        "",
        "# only a comment\n",
        // non-ASCII text
        "name: caf\u00e9 \u4e2d\u6587\n",
    };

    /// <summary>Documents of kinds the test filter leaves out, with keys that keep them here and there.</summary>
    private static readonly string[] FilterSeeds =
    [
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n  - port: 80\n---\nkind: Deployment\nspec:\n  template:\n    spec: {}\n",
        "kind: MyApp\nspec:\n  template:\n    spec:\n      containers: [{image: a}]\n",
        "kind: Service\nvariant: openshift\nversion: 1\n",
        "base: &b\n  template: {}\nkind: X\nspec: *b\n",
        "kind: CustomResourceDefinition\nspec:\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n        properties:\n          a: {type: string}\n          b:\n            type: object\n            description: \"x\\ty\"\n",
    ];

    public static TheoryData<string> Declined => new()
    {
        "%YAML 1.2\n---\na: 1\n",                 // directives
        "a: !!str 1\n",                            // tags
        "? complex\n: key\n",                      // complex keys
        "a:\tb\n",                                 // tabs in block context
        "a: 1\rb: 2\r",                            // lone CR line breaks
        "a: 1\r\nb: 2\n",                          // CR LF and LF mixed
        "a: 1\n---\n",                             // an empty document
        "plain scalar document\n",                 // a document that is one scalar
        "a: \"over\n  lines\"\n",                  // multi-line quoted scalars
        "x: |2\n   explicit\n",                    // explicit indentation
        "a: b: c\n",                               // errors ...
        "a: 1\na: 2\n",
        "a: [1, 2\n",
        "a: *missing\n",
        "- a\nb: 1\n",
        "a: 1\n  b: 2\n",
        "{a: 1,}\n",
        "a: [b]c\n",
        "{a:[1]}\n",                               // readers differ on a colon before a flow indicator
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepted_text_reads_as_YamlDotNet_reads_it(string text)
    {
        var fast = FastPathReader.TryRead(text);

        Assert.NotNull(fast);
        AssertSameAsYamlDotNet(text, fast);
    }

    /// <summary>A checkout with CR LF line breaks reads the same, positions counted in the text as it is.</summary>
    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepted_text_with_CR_LF_line_breaks_reads_as_YamlDotNet_reads_it(string text)
    {
        var crlf = text.Replace("\n", "\r\n", StringComparison.Ordinal);
        var fast = FastPathReader.TryRead(crlf);

        Assert.NotNull(fast);
        AssertSameAsYamlDotNet(crlf, fast);
    }

    [Theory]
    [MemberData(nameof(Declined))]
    public void Text_outside_the_subset_is_left_to_YamlDotNet(string text)
    {
        Assert.Null(FastPathReader.TryRead(text));
    }

    [Fact]
    public void Values_left_in_the_text_read_as_values()
    {
        var root = Assert.IsType<YamlMapping>(Assert.Single(FastPathReader.TryRead("a: null\nb: 'x'\nc: ~\nd: \"null\"\ne: &n plain\nf: \"q\\tq\"\n")!));

        Assert.True(((YamlScalar)root["a"]!).IsNull);
        Assert.True(((YamlScalar)root["c"]!).IsNull);
        Assert.False(((YamlScalar)root["d"]!).IsNull);
        Assert.True(((YamlScalar)root["b"]!).ValueEquals("x"));
        Assert.Equal("x", ((YamlScalar)root["b"]!).Value);
        Assert.Equal("plain", ((YamlScalar)root["e"]!).Value);
        Assert.Equal("q\tq", ((YamlScalar)root["f"]!).Value);
        Assert.True(root.KeyNode("d")!.ValueEquals("d"));
    }

    [Fact]
    public void Aliases_share_the_anchored_node()
    {
        var documents = FastPathReader.TryRead("- &a {x: 1}\n- *a\n");

        var items = Assert.IsType<YamlSequence>(Assert.Single(documents!)).Items;
        Assert.Same(items[0], items[1]);
    }

    [Fact]
    public void The_repository_manifests_read_the_same_on_both_paths()
    {
        var files = new[] { "examples", "tests", "integrations" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, d), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Where(f => !f.Contains("__snapshots__", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var accepted = 0;
        foreach (var file in files)
        {
            var text = ManifestGuard.Discovery.SourceReader.Decode(File.ReadAllBytes(file));
            if (FastPathReader.TryRead(text) is { } fast)
            {
                accepted++;
                AssertSameAsYamlDotNet(text, fast, file);
            }
        }
        // Most of them are plain manifests: the fast path must take them, or it speeds nothing up.
        Assert.True(accepted * 10 >= files.Count * 8, $"the fast path took {accepted} of {files.Count} files");
    }

    /// <summary>
    /// Small random edits (a quote, a colon, a tab, a line break, a dash ...) of the cases above and
    /// the example manifests: whatever of them the fast path still accepts, YamlDotNet must read the same.
    /// </summary>
    [Fact]
    public void Edited_manifests_read_the_same_or_are_declined()
    {
        var seeds = ((IEnumerable<object[]>)Accepted).Select(row => (string)row[0])
            .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "examples"), "*.yaml", SearchOption.AllDirectories).Select(File.ReadAllText))
            .Concat(FilterSeeds)
            .SelectMany(seed => new[] { seed, seed.Replace("\n", "\r\n", StringComparison.Ordinal) })
            .Where(s => s.Length > 0)
            .ToList();
        const string Pieces = " \n:#-\"'|>[]{},&*!?\t\\ab1.\r";
        var random = new Random(20261124);
        var accepted = 0;
        for (var round = 0; round < 20_000; round++)
        {
            var text = seeds[random.Next(seeds.Count)].ToCharArray().ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(text.Count + 1);
                switch (random.Next(3))
                {
                    case 0:
                        text.Insert(at, Pieces[random.Next(Pieces.Length)]);
                        break;
                    case 1 when at < text.Count:
                        text.RemoveAt(at);
                        break;
                    case 2 when at < text.Count:
                        text[at] = Pieces[random.Next(Pieces.Length)];
                        break;
                }
            }
            var edited = new string([.. text]);
            if (FastPathReader.TryRead(edited) is { } fast)
            {
                accepted++;
                AssertSameAsYamlDotNet(edited, fast);
                var filtered = FastPathReader.TryRead(edited, DeploymentsOnly);
                Assert.True(filtered is not null, $"declined with a filter, accepted without: {edited}");
                AssertKeepsWhatItWants(edited, fast, filtered);
            }
        }
        // The edits must leave many texts in the subset, or this test checks nothing.
        Assert.True(accepted > 5_000, $"only {accepted} edited texts were accepted");
    }

    private static readonly DocumentFilter DeploymentsOnly = new(kind => kind is "Deployment" or "List", ["variant"], ("spec", "template"));

    [Theory]
    // The filter leaves out documents of kinds it does not want ...
    [InlineData("kind: CustomResourceDefinition\nspec:\n  versions:\n  - name: v1\n---\nkind: Deployment\nspec: {}\n", 1)]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [80]\n", 0)]
    [InlineData("kind: Service\n", 0)]
    // ... unless they show a key it keeps documents for: a root key, before or after `kind` ...
    [InlineData("variant: openshift\nkind: Service\n", 1)]
    [InlineData("kind: Service\nmetadata: {}\nvariant: openshift\nversion: 4.16.0\n", 1)]
    // ... or the key path, in block or flow style, before or after `kind`, at that depth only
    [InlineData("kind: MyApp\nspec:\n  replicas: 1\n  template:\n    spec: {}\n", 1)]
    [InlineData("kind: MyApp\nspec: {replicas: 1, template: {}}\n", 1)]
    [InlineData("spec:\n  template: {}\nkind: MyApp\n", 1)]
    [InlineData("kind: MyApp\nspec:\n  other:\n    template: {}\n", 0)]
    [InlineData("kind: MyApp\nmetadata:\n  template: {}\n", 0)]
    // an alias in the part not built, to a node built before, is read in full
    [InlineData("base: &b {template: {}}\nkind: MyApp\nspec: *b\n", 1)]
    // a document without a kind, or with a kind that is not a scalar, is read
    [InlineData("metadata: {name: x}\n", 1)]
    [InlineData("kind: [a]\n", 1)]
    // a JSON document is always read in full
    [InlineData("{\"kind\": \"Service\"}\n", 1)]
    public void A_filter_leaves_out_documents_it_does_not_want(string text, int kept)
    {
        var filtered = FastPathReader.TryRead(text, DeploymentsOnly);

        Assert.NotNull(filtered);
        Assert.Equal(kept, filtered.Count);
        Assert.Equal(YamlTreeDump.Of(Wanted(FastPathReader.TryRead(text)!, text)), YamlTreeDump.Of(filtered));
    }

    [Theory]
    // A left-out document is still checked to the end: broken ones, duplicate keys and every other
    // error leave the file to YamlDotNet, which reports them.
    [InlineData("kind: Service\nspec:\n  a: [1, 2\n")]
    [InlineData("kind: Service\nspec:\n  a: 1\n  a: 2\n")]
    [InlineData("kind: Service\nspec: {a: 1, a: 2}\n")]
    [InlineData("kind: Service\nspec:\n  \"a\": 1\n  a: 2\n")]
    [InlineData("kind: Service\nspec:\n  \"\\x61\": 1\n  a: 2\n")]
    [InlineData("kind: Service\nspec: {'it''s': 1, \"it's\": 2}\n")]
    [InlineData("kind: Service\nspec:\n  - a\n b: 1\n")]
    [InlineData("kind: Service\nspec:\n  x: *nowhere\n")]
    public void A_left_out_document_is_still_checked(string text)
    {
        Assert.Null(FastPathReader.TryRead(text, DeploymentsOnly));
        Assert.NotNull(YamlDocumentParser.Parse(text).Error);
    }

    [Fact]
    public void Keys_with_escapes_in_a_left_out_document_are_compared_by_value()
    {
        Assert.Empty(FastPathReader.TryRead("kind: Service\nspec:\n  \"a\\tb\": 1\n  'it''s': 2\n  a b: 3\n", DeploymentsOnly)!);
    }

    [Fact]
    public void Keys_with_many_entries_are_checked_for_duplicates_in_a_left_out_document()
    {
        var keys = string.Concat(Enumerable.Range(0, 20).Select(i => $"  k{i}: {i}\n"));

        Assert.NotNull(FastPathReader.TryRead($"kind: Service\nspec:\n{keys}", DeploymentsOnly));
        Assert.Null(FastPathReader.TryRead($"kind: Service\nspec:\n{keys}  k7: again\n", DeploymentsOnly));
    }

    /// <summary>
    /// The filtered documents are some of the unfiltered ones, read the same, and among them every one
    /// the filter wants. (It may keep more: an alias in a left-out part makes the reader keep the document.)
    /// </summary>
    private static void AssertKeepsWhatItWants(string text, List<YamlNode> all, List<YamlNode> filtered)
    {
        var wanted = Wanted(all, text);
        var next = 0;
        foreach (var document in all)
        {
            if (next < filtered.Count && YamlTreeDump.Of([document]) == YamlTreeDump.Of([filtered[next]]))
            {
                next++;
            }
            else
            {
                Assert.False(wanted.Contains(document), $"the filter left out a document it wants in:\n{text}");
            }
        }
        Assert.True(next == filtered.Count, $"the filter kept documents that are not in the unfiltered reading of:\n{text}");
    }

    /// <summary>What the filter keeps, said plainly: the documents the fast path builds without it, less those it does not want.</summary>
    private static List<YamlNode> Wanted(IReadOnlyList<YamlNode> documents, string text) =>
        documents.Where(d => d is not YamlMapping root
            || text[root.Span.StartOffset] == '{'
            || root["kind"] is not YamlScalar kind
            || DeploymentsOnly.WantsKind(kind.Value)
            || root.KeyNode("variant") is not null
            || (root["spec"] is YamlMapping spec && spec.KeyNode("template") is not null)).ToList();

    private static void AssertSameAsYamlDotNet(string text, IReadOnlyList<YamlNode> fast, string? file = null)
    {
        var full = YamlDotNetReader.Parse(text);
        var because = $"{file ?? "text"}:\n{text}";
        Assert.True(full.Error is null, $"YamlDotNet refuses what the fast path accepted ({full.Error?.Message} at {full.Error?.Line}:{full.Error?.Column}) in {because}");
        var expected = YamlTreeDump.Of(full.Documents);
        var actual = YamlTreeDump.Of(fast);
        if (expected != actual)
        {
            Assert.Fail($"the fast path reads differently from YamlDotNet in {because}\n--- YamlDotNet\n{expected}\n--- fast path\n{actual}");
        }
    }
}
