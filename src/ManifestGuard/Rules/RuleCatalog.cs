using ManifestGuard.Findings;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rules;

/// <summary>The rules embedded from `rules/` at build time, in id order.</summary>
internal sealed class RuleCatalog
{
    private static readonly Lazy<RuleCatalog> LazyDefault = new(Load);
    private readonly Dictionary<string, RuleDescriptor> _byId;

    public RuleCatalog(IEnumerable<RuleDescriptor> rules)
    {
        Rules = [.. rules.OrderBy(r => r.Id, StringComparer.Ordinal)];
        _byId = Rules.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
    }

    public static RuleCatalog Default => LazyDefault.Value;

    public IReadOnlyList<RuleDescriptor> Rules { get; }

    public RuleDescriptor? Find(string id) => _byId.GetValueOrDefault(id);

    public RuleDescriptor Get(string id) => _byId.TryGetValue(id, out var rule) ? rule : throw new KeyNotFoundException($"no rule {id} in rules/");

    private static RuleCatalog Load()
    {
        var assembly = typeof(RuleCatalog).Assembly;
        var rules = new List<RuleDescriptor>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("rules/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            rules.Add(Read(name, reader.ReadToEnd()));
        }
        return new RuleCatalog(rules);
    }

    /// <summary>Reads one rule file; a broken one is a build mistake, so it throws with the file named.</summary>
    public static RuleDescriptor Read(string fileName, string text)
    {
        var parsed = YamlDocumentParser.Parse(text);
        if (parsed.Error is not null || parsed.Documents.Count != 1 || parsed.Documents[0] is not YamlMapping map)
        {
            throw new InvalidDataException($"{fileName}: not a single YAML mapping ({parsed.Error?.Message})");
        }
        string Required(string key) => map.ScalarAt(key) is { Length: > 0 } value ? value : throw new InvalidDataException($"{fileName}: missing `{key}`");
        if (!FindingLevels.TryParse(Required("defaultLevel"), out var level))
        {
            throw new InvalidDataException($"{fileName}: defaultLevel must be error, warning or note");
        }
        var tags = (map["tags"] as YamlSequence)?.Items.OfType<YamlScalar>().Select(s => s.Value).ToArray() ?? [];
        return new RuleDescriptor(
            Required("id"),
            Required("name"),
            level,
            Required("shortDescription").Trim(),
            Required("fullDescription").Trim(),
            Required("help").TrimEnd() + "\n",
            tags,
            Required("securitySeverity"));
    }
}
