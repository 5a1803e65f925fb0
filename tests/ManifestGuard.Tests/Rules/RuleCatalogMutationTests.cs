using ManifestGuard.Findings;
using ManifestGuard.Rules;
using Xunit;

namespace ManifestGuard.Tests.Rules;

/// <summary>Reading the rule files of `rules/`: what `rules`, `explain` and SARIF get, and a clear error for a broken file.</summary>
public sealed class RuleCatalogMutationTests
{
    private const string Valid = """
        id: MG999
        name: example-rule
        defaultLevel: note
        securitySeverity: "1.0"
        tags: [images, policy]
        shortDescription: "  One line.  "
        fullDescription: >
          Several words
          folded.
        help: |
          ## Heading

          Text.


        """;

    [Fact]
    public void Reads_every_field_trimmed_and_help_ending_in_one_newline()
    {
        var rule = RuleCatalog.Read("rules/MG999.yaml", Valid);

        Assert.Equal("MG999", rule.Id);
        Assert.Equal("example-rule", rule.Name);
        Assert.Equal(FindingLevel.Note, rule.DefaultLevel);
        Assert.Equal("1.0", rule.SecuritySeverity);
        Assert.Equal(["images", "policy"], rule.Tags);
        Assert.Equal("One line.", rule.ShortDescription);
        Assert.Equal("Several words folded.", rule.FullDescription);
        Assert.Equal("## Heading\n\nText.\n", rule.HelpMarkdown);
        Assert.Equal("https://github.com/manifestguard/manifestguard/blob/main/rules/MG999.yaml", rule.HelpUri);
    }

    [Fact]
    public void A_rule_without_tags_has_none()
    {
        var rule = RuleCatalog.Read("rules/MG999.yaml", Valid.Replace("tags: [images, policy]\n", "", StringComparison.Ordinal));

        Assert.Empty(rule.Tags);
    }

    [Theory]
    [InlineData("- a list\n", "rules/MG999.yaml: not a single YAML mapping ()")]
    [InlineData("id: a\n---\nid: b\n", "rules/MG999.yaml: not a single YAML mapping ()")]
    [InlineData("id: [unclosed\n", "rules/MG999.yaml: not a single YAML mapping (")]
    [InlineData("id: MG999\n", "rules/MG999.yaml: missing `defaultLevel`")]
    [InlineData("id: MG999\ndefaultLevel: \"\"\n", "rules/MG999.yaml: missing `defaultLevel`")]
    [InlineData("id: MG999\ndefaultLevel: loud\n", "rules/MG999.yaml: defaultLevel must be error, warning or note")]
    public void A_broken_rule_file_is_named_in_the_error(string text, string message)
    {
        var exception = Assert.Throws<InvalidDataException>(() => RuleCatalog.Read("rules/MG999.yaml", text));

        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("name")]
    [InlineData("shortDescription")]
    [InlineData("fullDescription")]
    [InlineData("help")]
    [InlineData("securitySeverity")]
    public void Every_text_field_is_required(string key)
    {
        string[] keys = ["id", "name", "defaultLevel", "securitySeverity", "shortDescription", "fullDescription", "help"];
        var text = string.Concat(keys.Where(k => k != key).Select(k => k == "defaultLevel" ? "defaultLevel: error\n" : $"{k}: text\n"));

        var exception = Assert.Throws<InvalidDataException>(() => RuleCatalog.Read("rules/MG999.yaml", text));

        Assert.Equal($"rules/MG999.yaml: missing `{key}`", exception.Message);
    }

    [Fact]
    public void The_embedded_catalog_holds_every_rule_file_in_id_order()
    {
        var ids = RuleCatalog.Default.Rules.Select(r => r.Id).ToList();
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "rules"), "*.yaml")
            .Select(file => Path.GetFileNameWithoutExtension(file)!).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(files, ids);
        Assert.Equal("image-not-pinned", RuleCatalog.Default.Get("MG101").Name);
        Assert.Equal(FindingLevel.Note, RuleCatalog.Default.Get("MG501").DefaultLevel);
    }

    [Fact]
    public void Rules_are_found_by_id_in_any_case_and_unknown_ids_are_named()
    {
        var catalog = new RuleCatalog([RuleCatalog.Read("rules/MG999.yaml", Valid), RuleCatalog.Read("rules/MG100.yaml", Valid.Replace("MG999", "MG100", StringComparison.Ordinal))]);

        Assert.Equal(["MG100", "MG999"], catalog.Rules.Select(r => r.Id));
        Assert.Equal("MG999", catalog.Find("mg999")?.Id);
        Assert.Null(catalog.Find("MG998"));
        Assert.Equal("MG100", catalog.Get("mg100").Id);
        Assert.Equal("no rule MG998 in rules/", Assert.Throws<KeyNotFoundException>(() => catalog.Get("MG998")).Message);
    }
}
