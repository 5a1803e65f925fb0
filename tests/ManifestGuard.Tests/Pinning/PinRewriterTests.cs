using System.Text;
using Xunit;
using ManifestGuard.Pinning;
using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Tests.Pinning;

public class PinRewriterTests
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Stale = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    /// <summary>Input and exact expected output; `⏎` marks CRLF to keep the rows readable.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "plain",
            "containers:\n- name: web\n  image: nginx:1.25\n",
            "containers:\n- name: web\n  image: nginx:1.25@" + Digest + "\n"
        },
        {
            "single quoted",
            "image: 'nginx:1.25'\n",
            "image: 'nginx:1.25@" + Digest + "'\n"
        },
        {
            "double quoted",
            "image: \"nginx:1.25\"\n",
            "image: \"nginx:1.25@" + Digest + "\"\n"
        },
        {
            "flow mapping",
            "containers: [{name: web, image: nginx:1.25}, {name: db, image: 'postgres:16'}]\n",
            "containers: [{name: web, image: nginx:1.25@" + Digest + "}, {name: db, image: 'postgres:16@" + Digest + "'}]\n"
        },
        {
            "comment after the scalar",
            "  image: nginx:1.25   # keep me\n",
            "  image: nginx:1.25@" + Digest + "   # keep me\n"
        },
        {
            "CRLF line endings",
            "a: 1⏎image: nginx:1.25⏎b: \"x\"⏎",
            "a: 1⏎image: nginx:1.25@" + Digest + "⏎b: \"x\"⏎"
        },
        {
            "already pinned to a stale digest",
            "image: ghcr.io/org/app:v1@" + Stale + "\n",
            "image: ghcr.io/org/app:v1@" + Digest + "\n"
        },
        {
            "registry with a port, no newline at the end",
            "image: localhost:5000/app:2",
            "image: localhost:5000/app:2@" + Digest
        },
        {
            "multi-byte characters before the scalar",
            "# Größe: ☃ 日本\nimage: \"nginx:1.25\" # ü\n",
            "# Größe: ☃ 日本\nimage: \"nginx:1.25@" + Digest + "\" # ü\n"
        },
        {
            "two documents, tab-free odd indentation",
            "---\nspec:\n     image: a:1\n---\nspec:\n  image:   b:2\n",
            "---\nspec:\n     image: a:1@" + Digest + "\n---\nspec:\n  image:   b:2@" + Digest + "\n"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pins_every_image_and_touches_no_other_byte(string name, string input, string expected)
    {
        Assert.NotNull(name);
        var bytes = Encoding.UTF8.GetBytes(input.Replace("⏎", "\r\n", StringComparison.Ordinal));
        var snapshot = ManifestFileSnapshot.FromBytes("deploy.yaml", bytes);

        var result = PinRewriter.Apply(snapshot, PinAll(snapshot.Text));

        Assert.Equal(expected.Replace("⏎", "\r\n", StringComparison.Ordinal), Encoding.UTF8.GetString(result));
    }

    [Fact]
    public void Keeps_the_byte_order_mark()
    {
        var bytes = Encoding.UTF8.Preamble.ToArray().Concat(Encoding.UTF8.GetBytes("image: nginx:1.25\r\n")).ToArray();
        var snapshot = ManifestFileSnapshot.FromBytes("deploy.yaml", bytes);

        var result = PinRewriter.Apply(snapshot, PinAll(snapshot.Text));

        var expected = Encoding.UTF8.Preamble.ToArray().Concat(Encoding.UTF8.GetBytes($"image: nginx:1.25@{Digest}\r\n")).ToArray();
        Assert.Equal(expected, result);
    }

    [Fact]
    public void A_second_run_changes_nothing()
    {
        var original = ManifestFileSnapshot.FromBytes("f.yaml", "image: 'nginx:1.25'\n"u8.ToArray());
        var pinned = ManifestFileSnapshot.FromBytes("f.yaml", PinRewriter.Apply(original, PinAll(original.Text)));

        var again = PinRewriter.Apply(pinned, PinAll(pinned.Text));

        Assert.Equal(pinned.Bytes.ToArray(), again);
    }

    [Fact]
    public void Refuses_a_file_that_is_not_UTF8()
    {
        var bytes = "image: nginx\n# caf\xe9\n"u8.ToArray();
        bytes[^2] = 0xE9;

        var error = Assert.Throws<PinningException>(() => ManifestFileSnapshot.FromBytes("latin1.yaml", bytes));

        Assert.Contains("latin1.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_edit_whose_scalar_no_longer_matches()
    {
        var snapshot = ManifestFileSnapshot.FromBytes("f.yaml", "image: nginx:1.26\n"u8.ToArray());
        var edit = new ScalarEdit(new SourceSpan(1, 8, 1, 18, 7, 17), ScalarStyle.Plain, "nginx:1.25", "nginx:1.25@" + Digest);

        var error = Assert.Throws<PinningException>(() => PinRewriter.Apply(snapshot, [edit]));

        Assert.Contains("1:8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrites_a_quoted_scalar_with_escapes_inside_its_quotes_only()
    {
        var snapshot = ManifestFileSnapshot.FromBytes("f.yaml", "image: \"ngin\\x78:1\" # c\n"u8.ToArray());

        var result = PinRewriter.Apply(snapshot, PinAll(snapshot.Text));

        Assert.Equal($"image: \"nginx:1@{Digest}\" # c\n", Encoding.UTF8.GetString(result));
    }

    [Theory]
    [InlineData("nginx:1.25", "nginx:1.25@" + Digest)]
    [InlineData("nginx", "nginx@" + Digest)]
    [InlineData("docker.io/library/nginx:1.25@" + Stale, "docker.io/library/nginx:1.25@" + Digest)]
    [InlineData("localhost:5000/a/b:c", "localhost:5000/a/b:c@" + Digest)]
    public void Formats_the_pinned_reference_as_written_plus_the_digest(string raw, string expected)
    {
        Assert.Equal(expected, PinnedReference.Format(ImageReference.Parse(raw), Digest));
    }

    [Fact]
    public void Edits_given_in_any_order_are_applied_by_position_and_insertions_at_one_offset_keep_their_order()
    {
        var snapshot = ManifestFileSnapshot.FromBytes("f.yaml", "ab\u00e9cd"u8.ToArray());

        PinEdit[] edits = [new TextInsertion(5, "<end>"), new TextInsertion(1, "1"), new TextInsertion(1, "2"), new TextInsertion(0, "\u2603")];

        var result = PinRewriter.Apply(snapshot, edits);

        Assert.Equal("\u2603a12b\u00e9cd<end>", Encoding.UTF8.GetString(result));
    }

    [Fact]
    public void A_replacement_after_multi_byte_characters_replaces_exactly_its_own_bytes()
    {
        var snapshot = ManifestFileSnapshot.FromBytes("f.yaml", [.. Encoding.UTF8.Preamble, .. "\u00e9\u00e9 image: a:1 # \u00fc\n"u8]);
        var edit = new ScalarEdit(new SourceSpan(1, 11, 1, 14, 10, 13), ScalarStyle.Plain, "a:1", "a:2");

        var result = PinRewriter.Apply(snapshot, [edit]);

        Assert.Equal([.. Encoding.UTF8.Preamble, .. "\u00e9\u00e9 image: a:2 # \u00fc\n"u8], result);
        Assert.Equal("\u00e9\u00e9 image: a:2 # \u00fc\n", PinRewriter.ApplyToText(snapshot, [edit]));
    }

    [Fact]
    public void Overlapping_edits_are_refused_and_name_the_file()
    {
        var snapshot = ManifestFileSnapshot.FromBytes("deploy.yaml", "image: nginx:1\n"u8.ToArray());
        var whole = new ScalarEdit(new SourceSpan(1, 8, 1, 15, 7, 14), ScalarStyle.Plain, "nginx:1", "nginx:2");
        // The scalar edit comes down to replacing the "1" at 13; an insertion there lands inside it.
        var inside = new TextInsertion(13, "x");

        var error = Assert.Throws<PinningException>(() => PinRewriter.Apply(snapshot, [whole, inside]));

        Assert.Equal("deploy.yaml: two edits overlap at character 13", error.Message);
    }

    [Fact]
    public void Edits_that_touch_end_to_start_do_not_overlap()
    {
        var snapshot = ManifestFileSnapshot.FromBytes("f.yaml", "image: nginx:1\n"u8.ToArray());
        var edit = new ScalarEdit(new SourceSpan(1, 8, 1, 15, 7, 14), ScalarStyle.Plain, "nginx:1", "nginx:2");

        var result = PinRewriter.Apply(snapshot, [edit, new TextInsertion(14, " # pinned")]);

        Assert.Equal("image: nginx:2 # pinned\n", Encoding.UTF8.GetString(result));
    }

    [Fact]
    public void No_edits_give_the_file_back_byte_for_byte()
    {
        byte[] bytes = [.. Encoding.UTF8.Preamble, .. "a: 1\r\n"u8];

        Assert.Equal(bytes, PinRewriter.Apply(ManifestFileSnapshot.FromBytes("f.yaml", bytes), []));
        Assert.Throws<ArgumentNullException>(() => PinRewriter.Apply(null!, []));
        Assert.Throws<ArgumentNullException>(() => PinRewriter.Apply(ManifestFileSnapshot.FromBytes("f.yaml", bytes), null!));
    }

    /// <summary>Every `image:` scalar in every document, pinned to <see cref="Digest"/>.</summary>
    internal static List<PinEdit> PinAll(string text)
    {
        var parsed = YamlDocumentParser.Parse(text);
        Assert.Null(parsed.Error);
        var edits = new List<PinEdit>();
        foreach (var document in parsed.Documents)
        {
            Collect(document, edits);
        }
        return edits;
    }

    private static void Collect(YamlNode node, List<PinEdit> edits)
    {
        switch (node)
        {
            case YamlMapping mapping:
                foreach (var (key, value) in mapping.Entries)
                {
                    if (key is YamlScalar { Value: "image" } && value is YamlScalar scalar)
                    {
                        edits.Add(ScalarEdit.For(scalar, PinnedReference.Format(ImageReference.Parse(scalar.Value), Digest)));
                    }
                    else
                    {
                        Collect(value, edits);
                    }
                }
                break;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    Collect(item, edits);
                }
                break;
        }
    }
}
