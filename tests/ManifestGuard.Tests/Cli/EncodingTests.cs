using System.Text;
using ManifestGuard.Tests.TestSupport;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Cli;

/// <summary>
/// Files as editors and tools write them: UTF-8 with or without a byte order mark, UTF-16 and UTF-32 of
/// either byte order with one (YAML 1.2 §5.2), and JSON objects one after another as `kubectl apply -f`
/// reads them. Positions are in characters of the decoded text, the same whatever the encoding.
/// </summary>
public sealed class EncodingTests : IDisposable
{
    private const string Pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:latest\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Encodings => ["utf-8", "utf-8-bom", "utf-16le", "utf-16be", "utf-32le", "utf-32be"];

    private static byte[] Encode(string text, string encoding)
    {
        Encoding codec = encoding switch
        {
            "utf-8" => new UTF8Encoding(false),
            "utf-8-bom" => new UTF8Encoding(true),
            "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
            "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
            "utf-32le" => new UTF32Encoding(bigEndian: false, byteOrderMark: true),
            _ => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
        };
        return [.. codec.GetPreamble(), .. codec.GetBytes(text)];
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void A_manifest_in_any_unicode_encoding_with_its_mark_is_read_with_the_same_positions(string encoding)
    {
        // A character outside the BMP before the image, in a comment: columns count it as UTF-16 does everywhere else.
        var text = Pod.Replace("kind: Pod\n", "kind: Pod # \U0001F680 ü\n", StringComparison.Ordinal);
        File.WriteAllBytes(_dir.Combine("pod.yaml"), Encode(text, encoding));

        var result = CliRunner.Run(_dir.Path, null, "check", ".");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pod.yaml:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("7 |       image: nginx:latest", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("MG901", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void A_manifest_on_stdin_in_any_unicode_encoding_with_its_mark_is_read_as_a_file_is(string encoding)
    {
        var text = Pod.Replace("kind: Pod\n", "kind: Pod # \U0001F680 ü\n", StringComparison.Ordinal);

        var result = CliRunner.RunWithStdinBytes(_dir.Path, Encode(text, encoding), "check", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("<stdin>:7:14: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("7 |       image: nginx:latest", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("MG901", result.Stdout, StringComparison.Ordinal);
    }

    private static string PodJson(string name, string image) =>
        $$$"""{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "{{{name}}}"}, "spec": {"containers": [{"name": "c", "image": "{{{image}}}"}]}}""";

    [Fact]
    public void Json_objects_one_after_another_on_one_line_are_each_a_document_at_its_column()
    {
        var text = PodJson("a", "nginx:latest") + PodJson("b", "redis:latest") + "\n";
        _dir.Write("stream.json", text);

        var result = CliRunner.Run(_dir.Path, null, "check", ".");

        var nginx = text.IndexOf("\"nginx:latest\"", StringComparison.Ordinal) + 1;
        var redis = text.IndexOf("\"redis:latest\"", StringComparison.Ordinal) + 1;
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"stream.json:1:{nginx}: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"stream.json:1:{redis}: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("MG901", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_objects_one_per_line_and_spread_over_lines_keep_their_lines_and_columns()
    {
        var text = PodJson("a", "nginx:latest") + "\n  " + PodJson("b", "redis:latest") + "\n{\n  \"apiVersion\": \"v1\", \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"c\"},\n  \"spec\": {\"containers\": [{\"name\": \"c\",\n    \"image\": \"busybox:latest\"}]}\n}\n";
        _dir.Write("stream.json", text);

        var result = CliRunner.Run(_dir.Path, null, "images", ".", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var secondLine = text.Split('\n')[1];
        Assert.Contains($"\"line\": 2,\n    \"column\": {secondLine.IndexOf("\"redis", StringComparison.Ordinal) + 1},", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"line\": 7,\n    \"column\": 14,", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"raw\": \"busybox:latest\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_of_concatenated_json_point_into_the_whole_text_so_pin_edits_the_right_bytes()
    {
        var text = PodJson("a", "nginx:1") + "\n" + PodJson("b", "redis:7");

        var parsed = YamlDocumentParser.Parse(text);

        Assert.Null(parsed.Error);
        Assert.Equal(2, parsed.Documents.Count);
        var containers = (YamlSequence)parsed.Documents[1].At("spec", "containers")!;
        var image = (YamlScalar)containers.Items[0].At("image")!;
        Assert.Equal("\"redis:7\"", text[image.Span.StartOffset..image.Span.EndOffset]);
        Assert.Equal(2, image.Span.StartLine);
    }

    [Fact]
    public void A_broken_object_in_a_json_stream_is_reported_where_it_breaks()
    {
        var text = PodJson("a", "nginx:latest") + "\n" + "{\"kind\": \"Pod\", \"metadata\": {\"name\": \"x\"]}\n";
        _dir.Write("stream.json", text);

        var result = CliRunner.Run(_dir.Path, null, "check", ".");

        Assert.Contains($"stream.json:1:{text.IndexOf("\"nginx", StringComparison.Ordinal) + 1}: error MG102", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"stream\.json:2:\d+: error MG901", result.Stdout);
    }
}
