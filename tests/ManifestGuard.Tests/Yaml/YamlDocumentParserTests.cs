using System.Text;
using ManifestGuard.Discovery;
using ManifestGuard.Tests.TestSupport;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Yaml;

public class YamlDocumentParserTests
{
    private static YamlNode Single(string text)
    {
        var result = YamlDocumentParser.Parse(text);
        Assert.Null(result.Error);
        return Assert.Single(result.Documents);
    }

    // Lines and columns are 1-based, the end column exclusive (SARIF's convention); offsets are 0-based into the
    // text, and a quoted scalar's span covers its quotes, so the rewriter can splice inside them.
    [Theory]
    [InlineData("image: nginx:1.25", 1, 8, 18, "nginx:1.25")]
    [InlineData("image: \"nginx:1.25\"", 1, 8, 20, "\"nginx:1.25\"")]
    [InlineData("image: 'nginx:1.25'", 1, 8, 20, "'nginx:1.25'")]
    [InlineData("spec:\n  image: nginx:1.25\n", 2, 10, 20, "nginx:1.25")]
    [InlineData("spec:\n  image: nginx:1.25   # trailing comment\n", 2, 10, 20, "nginx:1.25")]
    [InlineData("{name: app, image: nginx:1.25}", 1, 20, 30, "nginx:1.25")]
    [InlineData("images: [busybox:1.36, nginx:1.25]", 1, 24, 34, "nginx:1.25")]
    [InlineData("{\"name\": \"app\", \"image\": \"nginx:1.25\"}", 1, 26, 38, "\"nginx:1.25\"")]
    [InlineData("{\n  \"spec\": {\n    \"image\": \"nginx:1.25\"\n  }\n}\n", 3, 14, 26, "\"nginx:1.25\"")]
    public void Scalars_carry_line_column_and_offsets(string text, int line, int column, int endColumn, string spanText)
    {
        var scalar = Nodes.FindScalar(Single(text), "nginx:1.25");

        Assert.Equal(line, scalar.Span.StartLine);
        Assert.Equal(column, scalar.Span.StartColumn);
        Assert.Equal(line, scalar.Span.EndLine);
        Assert.Equal(endColumn, scalar.Span.EndColumn);
        Assert.Equal(text.IndexOf(spanText, StringComparison.Ordinal), scalar.Span.StartOffset);
        Assert.Equal(spanText, text.Substring(scalar.Span.StartOffset, scalar.Span.Length));
    }

    [Theory]
    [InlineData("a: b", ScalarStyle.Plain)]
    [InlineData("a: 'b'", ScalarStyle.SingleQuoted)]
    [InlineData("a: \"b\"", ScalarStyle.DoubleQuoted)]
    [InlineData("a: |\n  b\n", ScalarStyle.Literal)]
    [InlineData("a: >\n  b\n", ScalarStyle.Folded)]
    public void Scalars_keep_their_style(string text, object style)
    {
        var value = Assert.IsType<YamlScalar>(Single(text).At("a"));
        Assert.Equal((ScalarStyle)style, value.Style);
    }

    [Fact]
    public void A_multi_document_stream_yields_every_document_with_positions_in_the_whole_file()
    {
        const string text = "---\nkind: A\n---\nkind: B\n...\n---\n# only a comment before\nkind: C\n";

        var result = YamlDocumentParser.Parse(text);

        Assert.Null(result.Error);
        Assert.Equal(["A", "B", "C"], result.Documents.Select(d => d.ScalarAt("kind")));
        var c = Nodes.FindScalar(result.Documents[2], "C");
        Assert.Equal((8, 7), (c.Span.StartLine, c.Span.StartColumn));
        Assert.Equal("C", text.Substring(c.Span.StartOffset, c.Span.Length));
    }

    [Fact]
    public void Empty_documents_in_a_stream_are_null_scalars_not_errors()
    {
        var result = YamlDocumentParser.Parse("---\n---\nkind: B\n");

        Assert.Null(result.Error);
        Assert.Equal(2, result.Documents.Count);
        Assert.True(Assert.IsType<YamlScalar>(result.Documents[0]).IsNull);
    }

    [Fact]
    public void Utf8_with_bom_and_crlf_line_ends_gives_the_same_lines_and_offsets_into_the_decoded_text()
    {
        var bytes = Encoding.UTF8.GetPreamble()
            .Concat(Encoding.UTF8.GetBytes("apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: web\r\n  namespace: \"prod\"\r\n"))
            .ToArray();

        var text = SourceReader.Decode(bytes);
        var root = Single(text);

        Assert.False(text.StartsWith('\uFEFF'));
        Assert.Equal("v1", root.ScalarAt("apiVersion"));
        Assert.Equal("Pod", root.ScalarAt("kind"));
        var name = Nodes.FindScalar(root, "web");
        Assert.Equal((4, 9, 12), (name.Span.StartLine, name.Span.StartColumn, name.Span.EndColumn));
        Assert.Equal("web", text.Substring(name.Span.StartOffset, name.Span.Length));
        var ns = Nodes.FindScalar(root, "prod");
        Assert.Equal((5, 14), (ns.Span.StartLine, ns.Span.StartColumn));
        Assert.Equal("\"prod\"", text.Substring(ns.Span.StartOffset, ns.Span.Length));
    }

    [Fact]
    public void Json_indented_with_tabs_parses()
    {
        const string text = "{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"Pod\",\n\t\"spec\": {\n\t\t\"containers\": [\n\t\t\t{\n\t\t\t\t\"name\": \"app\",\n\t\t\t\t\"image\": \"nginx:1.25\"\n\t\t\t}\n\t\t]\n\t}\n}\n";

        var root = Single(text);

        Assert.Equal("Pod", root.ScalarAt("kind"));
        var image = Nodes.FindScalar(root, "nginx:1.25");
        Assert.Equal((8, 14), (image.Span.StartLine, image.Span.StartColumn));
        Assert.Equal("\"nginx:1.25\"", text.Substring(image.Span.StartOffset, image.Span.Length));
    }

    /// <summary>"Billion laughs": nine levels of nine aliases each would expand to 9^9 scalars if copied.</summary>
    private static string AliasBomb()
    {
        var text = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\nx-bomb:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            text.Append(CultureInfoInvariant($"  {level}: &{level} [{string.Join(",", Enumerable.Repeat("*" + previous, 9))}]\n"));
        }
        text.Append("spec:\n  containers: *i\n  initContainers:\n    - name: app\n      image: nginx:1.25\n      env: *i\n  volumes: *i\n");
        return text.ToString();
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    [Fact]
    public void An_alias_bomb_parses_and_extraction_does_not_expand_it()
    {
        var text = AliasBomb();

        var result = YamlDocumentParser.Parse(text);
        var source = new SourceText("bomb.yaml", null, text);
        var images = result.Documents
            .SelectMany(d => ImageExtractor.Objects(source, d))
            .Select(ImageExtractor.PodTemplate)
            .OfType<PodTemplateSite>()
            .SelectMany(ImageExtractor.Images)
            .ToList();

        Assert.Null(result.Error);
        var image = Assert.Single(images);
        Assert.Equal("spec.initContainers[0].image", image.Field);
        // The aliases share one node: nothing was copied.
        var bomb = Assert.IsType<YamlMapping>(result.Documents[0].At("x-bomb"));
        var i = Assert.IsType<YamlSequence>(bomb["i"]);
        Assert.Same(bomb["h"], i.Items[0]);
        Assert.Same(i.Items[0], i.Items[8]);
    }

    [Fact]
    public void An_alias_to_an_anchor_that_is_still_open_is_an_error_not_a_cycle()
    {
        var result = YamlDocumentParser.Parse("a: &a\n  b: *a\n");

        Assert.NotNull(result.Error);
        Assert.Equal((2, 6), (result.Error.Line, result.Error.Column));
    }

    [Theory]
    [InlineData("a: 1\nb: 2\na: 3\n", 3, 1, "a")]
    [InlineData("spec:\n  x: 1\n  y: 2\n  x: 3\n", 4, 3, "x")]
    [InlineData("{\"a\": 1, \"a\": 2}", 1, 10, "a")]
    [InlineData("metadata:\n  labels: {app: web, app: api}\n", 2, 22, "app")]
    public void A_duplicate_key_is_an_error_at_the_second_key(string text, int line, int column, string key)
    {
        var result = YamlDocumentParser.Parse(text);

        Assert.NotNull(result.Error);
        Assert.Contains($"duplicate key \"{key}\"", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (result.Error.Line, result.Error.Column));
        Assert.Empty(result.Documents);
    }

    [Fact]
    public void Flow_nesting_2000_deep_is_an_error_not_a_crash()
    {
        var text = new string('[', 2000) + new string(']', 2000);

        var result = YamlDocumentParser.Parse(text);

        Assert.NotNull(result.Error);
        Assert.Contains("nesting", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal((1, YamlDocumentParser.MaxDepth + 1), (result.Error.Line, result.Error.Column));
        Assert.Empty(result.Documents);
    }

    [Fact]
    public void Block_nesting_2000_deep_is_an_error_not_a_crash()
    {
        var text = new StringBuilder();
        for (var depth = 0; depth < 2000; depth++)
        {
            text.Append(' ', depth).Append("k:\n");
        }
        text.Append(' ', 2000).Append("v\n");

        var result = YamlDocumentParser.Parse(text.ToString());

        Assert.NotNull(result.Error);
        Assert.Contains("nesting", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(YamlDocumentParser.MaxDepth + 1, result.Error.Line);
    }

    [Fact]
    public void Nesting_at_the_limit_still_parses()
    {
        var text = new string('[', YamlDocumentParser.MaxDepth) + new string(']', YamlDocumentParser.MaxDepth);

        Assert.Null(YamlDocumentParser.Parse(text).Error);
    }

    [Theory]
    [InlineData("kind: A\n---\nkind: B\nimage: a: b\n", 1, 4, 9)]
    [InlineData("kind: A\n---\nkind: B\n---\nspec:\n  - a\n  b: c\n", 2, 7, 3)]
    // An unterminated quoted scalar is reported where it opens, which is where a reader has to look.
    [InlineData("kind: A\n---\nkind: \"B\n", 1, 3, 7)]
    // YamlDotNet throws InvalidOperationException, not YamlException, for an unclosed flow mapping before block content.
    [InlineData("kind: A\n---\nkind: B\nlabels: {app: web\nspec:\n  a: b\n", 1, 5, 1)]
    public void A_broken_document_gives_the_error_position_and_keeps_the_documents_before_it(string text, int kept, int line, int column)
    {
        var result = YamlDocumentParser.Parse(text);

        Assert.NotNull(result.Error);
        Assert.Equal((line, column), (result.Error.Line, result.Error.Column));
        Assert.Equal(kept, result.Documents.Count);
        Assert.Equal("A", result.Documents[0].ScalarAt("kind"));
        Assert.DoesNotMatch(@"^\(", result.Error.Message);
    }
}
