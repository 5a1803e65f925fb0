using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Configuration;

/// <summary>
/// Oracle OKE image verification, configured in `.manifestguard.yaml` under `oke:` (OKE keeps it in the
/// cluster's settings, not in a file): whether it is enabled, the master encryption key ids images must be
/// signed with, and the registries it covers. Read by <see cref="ConfigLoader"/> with the rest of the file.
/// </summary>
/// <param name="Span">The `oke:` mapping, where problems with the settings as a whole are reported.</param>
/// <param name="ConfigFile">The configuration file the settings come from.</param>
internal sealed record OkeSettings(
    bool Enabled,
    IReadOnlyList<string> KeyIds,
    IReadOnlyList<RegistryPattern> Registries,
    SourceSpan Span,
    string ConfigFile)
{
    /// <summary>OKE's registry: every region's `*.ocir.io`.</summary>
    public static IReadOnlyList<RegistryPattern> DefaultRegistries { get; } =
    [
        RegistryPattern.TryParse("*.ocir.io", out var ocir, out _)
            ? ocir
            : throw new InvalidOperationException("*.ocir.io is a valid pattern"),
    ];
}
