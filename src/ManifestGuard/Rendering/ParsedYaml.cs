using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>The first document of a parse, or null when there is none: kustomizations and annotation values hold one.</summary>
internal static class ParsedYaml
{
    public static YamlNode? First(YamlDocumentParser.Result parsed) =>
        parsed.Documents.Count > 0 ? parsed.Documents[0] : null;
}
