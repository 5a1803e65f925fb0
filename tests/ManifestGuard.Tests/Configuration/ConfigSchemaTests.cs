using System.Text.Json;
using ManifestGuard.Configuration;
using Xunit;

namespace ManifestGuard.Tests.Configuration;

/// <summary>The JSON Schema editors complete from must describe the keys the loader accepts, no more, no fewer.</summary>
public sealed class ConfigSchemaTests
{
    private static JsonDocument Schema() => JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("schema", "manifestguard.schema.json")));

    [Fact]
    public void Top_level_keys_match_the_loader()
    {
        using var schema = Schema();
        var keys = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(ConfigLoader.TopLevelKeys.Order(StringComparer.Ordinal), keys);
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void The_schema_ships_inside_the_engine()
    {
        using var stream = typeof(ConfigLoader).Assembly.GetManifestResourceStream("schema/manifestguard.schema.json");
        Assert.NotNull(stream);
        using var embedded = JsonDocument.Parse(stream);
        using var schema = Schema();
        Assert.Equal(schema.RootElement.GetRawText(), embedded.RootElement.GetRawText());
    }

    [Fact]
    public void Rule_ids_in_the_schema_are_the_catalog()
    {
        using var schema = Schema();
        var rules = schema.RootElement.GetProperty("properties").GetProperty("rules").GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.Equal(global::ManifestGuard.Rules.RuleCatalog.Default.Rules.Select(r => r.Id), rules.Order(StringComparer.Ordinal));
    }
}
