using ManifestGuard.Pinning;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Pinning;

/// <summary>
/// The change a scalar edit comes down to: the fewest characters replaced inside the scalar, quotes and
/// escapes kept, and a refusal (with the scalar's position) wherever a splice could change how YAML
/// reads the file (YAML 1.2 §7.3 flow scalar styles, §7.3.3 plain scalars).
/// </summary>
public sealed class ScalarEditTests
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    /// <summary>An edit of the scalar written at <paramref name="start"/> in <paramref name="text"/> (one line).</summary>
    private static ScalarEdit EditAt(string text, int start, int length, ScalarStyle style, string oldValue, string newValue) =>
        new(new SourceSpan(1, start + 1, 1, start + length + 1, start, start + length), style, oldValue, newValue);

    private static ScalarEdit Plain(string text, string value, string newValue) =>
        EditAt(text, text.LastIndexOf(value, StringComparison.Ordinal), value.Length, ScalarStyle.Plain, value, newValue);

    [Theory]
    // Only what is new is inserted: at the end, in the middle, or replacing the part that differs.
    [InlineData("image: nginx:1.25\n", "nginx:1.25", "nginx:1.25@" + Digest, 17, 17, "@" + Digest)]
    [InlineData("image: x/b:1\n", "x/b:1", "x/a/b:1", 9, 9, "a/")]
    [InlineData("image: aa\n", "aa", "aaa", 9, 9, "a")]
    [InlineData("image: a:1@sha256:22\n", "a:1@sha256:22", "a:1@sha256:11", 18, 20, "11")]
    [InlineData("image: nginx:1.26\n", "nginx:1.26", "nginx:1.25", 16, 17, "5")]
    public void A_plain_scalar_changes_only_where_old_and_new_differ(string text, string value, string newValue, int start, int end, string inserted)
    {
        var change = Plain(text, value, newValue).ToChange(text);

        Assert.Equal(new TextChange(start, end, inserted), change);
        Assert.Equal(text.Replace(value, newValue, StringComparison.Ordinal), text[..change.Start] + change.NewText + text[change.End..]);
    }

    [Theory]
    [InlineData("image: 'nginx:1'\n", ScalarStyle.SingleQuoted)]
    [InlineData("image: \"nginx:1\"\n", ScalarStyle.DoubleQuoted)]
    public void A_quoted_scalar_gets_the_digest_inside_its_quotes(string text, object styleValue)
    {
        // Theory data of an internal enum type comes in as object (the test class is public).
        var style = (ScalarStyle)styleValue;
        var change = EditAt(text, 7, 9, style, "nginx:1", "nginx:1@" + Digest).ToChange(text);

        Assert.Equal(new TextChange(15, 15, "@" + Digest), change);
    }

    [Fact]
    public void A_single_quoted_scalar_with_escaped_quotes_is_rewritten_whole_with_its_quotes_doubled()
    {
        const string Text = "v: 'it''s:1' # c\n";

        var change = EditAt(Text, 3, 9, ScalarStyle.SingleQuoted, "it's:1", "it's:1@x'y").ToChange(Text);

        Assert.Equal(new TextChange(3, 12, "'it''s:1@x''y'"), change);
    }

    [Fact]
    public void A_single_quoted_scalar_that_opens_with_an_escaped_quote_is_rewritten_whole()
    {
        // The doubled quote stands right after the opening one: the source is not the value character for character.
        const string Text = "v: '''s:1'\n";

        var change = EditAt(Text, 3, 7, ScalarStyle.SingleQuoted, "'s:1", "'s:1@x").ToChange(Text);

        Assert.Equal(new TextChange(3, 10, "'''s:1@x'"), change);
    }

    [Fact]
    public void A_scalar_at_the_very_start_of_the_text_is_edited_in_place()
    {
        // A stream read from stdin can be a bare scalar at offset 0.
        const string Text = "nginx:1";

        var change = EditAt(Text, 0, 7, ScalarStyle.Plain, "nginx:1", "nginx:1@" + Digest).ToChange(Text);

        Assert.Equal(new TextChange(7, 7, "@" + Digest), change);
    }

    [Fact]
    public void A_double_quoted_scalar_with_escapes_is_rewritten_whole_with_backslashes_and_quotes_escaped()
    {
        const string Text = "v: \"a\\tb\"\n";

        var change = EditAt(Text, 3, 6, ScalarStyle.DoubleQuoted, "a\tb", "a\\b\"c").ToChange(Text);

        Assert.Equal(new TextChange(3, 9, "\"a\\\\b\\\"c\""), change);
    }

    [Fact]
    public void A_quoted_scalar_folded_over_two_lines_is_rewritten_whole()
    {
        const string Text = "v: 'nginx\n  :1'\n";

        var change = EditAt(Text, 3, 12, ScalarStyle.SingleQuoted, "nginx :1", "nginx:1@x").ToChange(Text);

        Assert.Equal(new TextChange(3, 15, "'nginx:1@x'"), change);
    }

    [Theory]
    [InlineData(-1, 5, "outside the file")]
    [InlineData(3, 99, "outside the file")]
    [InlineData(6, 5, "outside the file")]
    public void Offsets_that_do_not_fit_the_text_are_refused(int start, int end, string why)
    {
        var edit = new ScalarEdit(new SourceSpan(2, 4, 2, 9, start, end), ScalarStyle.Plain, "a", "a@x");

        var error = Assert.Throws<PinningException>(() => edit.ToChange("image: a\n"));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("cannot rewrite the scalar at 2:4: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_span_that_ends_exactly_at_the_end_of_the_text_is_accepted()
    {
        const string Text = "image: a";

        Assert.Equal(new TextChange(8, 8, "@x"), Plain(Text, "a", "a@x").ToChange(Text));
    }

    [Theory]
    [InlineData(ScalarStyle.Literal)]
    [InlineData(ScalarStyle.Folded)]
    public void Block_scalars_are_refused(object styleValue)
    {
        // Theory data of an internal enum type comes in as object (the test class is public).
        var style = (ScalarStyle)styleValue;
        const string Text = "image: |\n  a:1\n";

        var error = Assert.Throws<PinningException>(() => EditAt(Text, 7, 8, style, "a:1\n", "a:1@x\n").ToChange(Text));

        Assert.Contains("block scalars", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image: a:1\n", 7, 3, ScalarStyle.SingleQuoted)]
    [InlineData("image: 'a:1\n", 7, 4, ScalarStyle.SingleQuoted)]
    [InlineData("image: a:1'\n", 7, 4, ScalarStyle.SingleQuoted)]
    [InlineData("image: \"a:1'\n", 7, 5, ScalarStyle.DoubleQuoted)]
    [InlineData("image: '\n", 7, 1, ScalarStyle.SingleQuoted)]
    public void A_quoted_style_where_the_text_has_no_such_quotes_is_refused(string text, int start, int length, object styleValue)
    {
        // Theory data of an internal enum type comes in as object (the test class is public).
        var style = (ScalarStyle)styleValue;
        var error = Assert.Throws<PinningException>(() => EditAt(text, start, length, style, "a:1", "a:1@x").ToChange(text));

        Assert.Contains($"it is not a {style} scalar there", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image: nginx:1.26\n", ScalarStyle.Plain, "nginx:1.25")]
    [InlineData("image: 'nginx:1.26'\n", ScalarStyle.SingleQuoted, "nginx:1.25")]
    public void A_scalar_that_no_longer_reads_its_old_value_is_refused(string text, object styleValue, string oldValue)
    {
        // Theory data of an internal enum type comes in as object (the test class is public).
        var style = (ScalarStyle)styleValue;
        var length = text.Length - 8;

        var error = Assert.Throws<PinningException>(() => EditAt(text, 7, length, style, oldValue, oldValue + "@x").ToChange(text));

        Assert.Contains($"it no longer reads \"{oldValue}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_scalar_over_several_lines_is_refused()
    {
        const string Text = "image: nginx\n  :1\n";

        var error = Assert.Throws<PinningException>(() => EditAt(Text, 7, 10, ScalarStyle.Plain, "nginx :1", "nginx:1@x").ToChange(Text));

        Assert.Contains("a plain scalar over several lines", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a #b")]
    [InlineData("a: b")]
    [InlineData("a,b")]
    [InlineData("a]")]
    [InlineData("a\"")]
    public void A_plain_scalar_is_not_given_characters_that_would_need_quotes(string newValue)
    {
        const string Text = "image: a\n";

        var error = Assert.Throws<PinningException>(() => Plain(Text, "a", newValue).ToChange(Text));

        Assert.Contains("would need quotes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_character_of_a_reference_may_be_added_to_a_plain_scalar()
    {
        const string Text = "image: a\n";
        const string Added = "bz.BZ09_-:@/+";

        Assert.Equal(new TextChange(8, 8, Added), Plain(Text, "a", "a" + Added).ToChange(Text));
    }

    [Fact]
    public void For_takes_the_span_style_and_value_of_the_scalar()
    {
        var scalar = new YamlScalar("nginx:1", ScalarStyle.DoubleQuoted, null, new SourceSpan(3, 5, 3, 14, 20, 29));

        var edit = ScalarEdit.For(scalar, "nginx:1@x");

        Assert.Equal(new ScalarEdit(scalar.Span, ScalarStyle.DoubleQuoted, "nginx:1", "nginx:1@x"), edit);
        Assert.Throws<ArgumentNullException>(() => ScalarEdit.For(null!, "x"));
    }
}
