using ManifestGuard.Configuration;
using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies;

/// <summary>
/// Oracle OKE image verification, configured in `.manifestguard.yaml` under `oke:` (OKE keeps it in the
/// cluster's settings, not in a file): whether it is enabled, the master encryption key ids images must be
/// signed with, and the registries it covers.
/// </summary>
public sealed record OkeSettings(bool Enabled, IReadOnlyList<string> KeyIds, IReadOnlyList<string> Registries, SourceSpan Span, string ConfigFile)
{
    /// <summary>OKE's registry: every region's `*.ocir.io`.</summary>
    public static IReadOnlyList<string> DefaultRegistries { get; } = ["*.ocir.io"];

    /// <summary>Reads the `oke:` mapping; unknown keys and bad values are configuration errors.</summary>
    public static OkeSettings Read(YamlMapping node, string configFile)
    {
        ArgumentNullException.ThrowIfNull(node);
        var enabled = false;
        var keyIds = new List<string>();
        var registries = new List<string>();
        var registriesSet = false;
        foreach (var entry in node.Entries)
        {
            var key = entry.Key as YamlScalar;
            switch (key?.Value)
            {
                case "enabled":
                    enabled = entry.Value is YamlScalar { Style: ScalarStyle.Plain, Value: "true" or "false" } flag
                        ? flag.Value == "true"
                        : throw Error("oke.enabled must be true or false", configFile, entry.Value);
                    break;
                case "keyIds":
                    keyIds.AddRange(Strings(entry.Value, "oke.keyIds", configFile));
                    break;
                case "registries":
                    registriesSet = true;
                    foreach (var (pattern, at) in Strings(entry.Value, "oke.registries", configFile).Zip(((YamlSequence)entry.Value).Items))
                    {
                        if (!RegistryPattern.TryParse(pattern, out _, out var error))
                        {
                            throw Error($"oke.registries: {error}", configFile, at);
                        }
                        registries.Add(pattern);
                    }
                    break;
                default:
                    throw Error($"unknown key \"oke.{key?.Value}\": expected enabled, keyIds or registries", configFile, entry.Key);
            }
        }
        return new OkeSettings(enabled, keyIds, registriesSet ? registries : DefaultRegistries, node.Span, configFile);
    }

    private static List<string> Strings(YamlNode node, string what, string configFile)
    {
        if (node is not YamlSequence sequence)
        {
            throw Error($"{what} must be a list of strings", configFile, node);
        }
        return sequence.Items.Select(item => item is YamlScalar { Value.Length: > 0 } scalar ? scalar.Value : throw Error($"{what} must be a list of strings", configFile, item)).ToList();
    }

    private static ConfigurationException Error(string message, string configFile, YamlNode at) =>
        new(message, configFile, at.Span.StartLine, at.Span.StartColumn);
}
