using ManifestGuard.Findings;
using ManifestGuard.References;

namespace ManifestGuard.Configuration;

/// <summary>The settings of `.manifestguard.yaml`, with the defaults docs/configuration.md gives for what it leaves out.</summary>
internal sealed record ManifestGuardConfig
{
    public static readonly IReadOnlyList<string> DefaultInclude = ["**/*.yaml", "**/*.yml", "**/*.json"];

    public static readonly ManifestGuardConfig Default = new();

    /// <summary>The file it was read from, or null for the defaults.</summary>
    public string? Path { get; init; }

    public IReadOnlyList<string> Include { get; init; } = DefaultInclude;

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public IReadOnlyDictionary<string, FindingLevel> RuleLevels { get; init; } = new Dictionary<string, FindingLevel>();

    public IReadOnlyList<RegistryPattern> AllowedRegistries { get; init; } = [];

    public IReadOnlyList<RegistryPattern> BlockedRegistries { get; init; } = [];

    /// <summary>Registries reached over plain HTTP besides loopback ones.</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>Registry name → base URL to use instead of the registry's own endpoint.</summary>
    public IReadOnlyDictionary<string, string> Mirrors { get; init; } = new Dictionary<string, string>();

    /// <summary>`registries.timeout`: seconds one registry lookup may take, retries included; null for the default.</summary>
    public int? RegistryTimeoutSeconds { get; init; }

    /// <summary>`registries.maxConcurrency`: requests in flight to one registry at a time; null for the default.</summary>
    public int? RegistryMaxConcurrency { get; init; }

    public IReadOnlyList<RegistryPattern> RequireDigest { get; init; } = [];

    public IReadOnlyList<string> DisallowedTags { get; init; } = ["latest"];

    public IReadOnlyList<string> ExemptImages { get; init; } = [];

    public BreakGlassSettings BreakGlass { get; init; } = BreakGlassSettings.Default;

    /// <summary>Absolute paths of policy files, with the path they are reported under.</summary>
    public IReadOnlyList<(string FullPath, string DisplayPath)> PolicyFiles { get; init; } = [];

    public string? DefaultNamespace { get; init; }

    /// <summary>The `oke:` section: OKE image verification, enforced when enabled.</summary>
    public OkeSettings? Oke { get; init; }

    /// <summary>
    /// Files larger than this many bytes are not read: each gets one MG901 finding instead. Generous for
    /// real bundles (a large operator's CRDs are a few MiB), small enough that a hostile pull request
    /// cannot make a scan hold hundreds of MiB.
    /// </summary>
    public long MaxFileSize { get; init; } = DefaultMaxFileSize;

    public const long DefaultMaxFileSize = 16 * 1024 * 1024;

    /// <summary>
    /// In a git work tree, files git ignores (build output, vendored `node_modules/`) are not scanned
    /// when a folder is walked; files named on the command line always are.
    /// </summary>
    public bool RespectGitIgnore { get; init; } = true;
    /// <summary>`workloads`: custom resources and the fields of theirs that hold images.</summary>
    public IReadOnlyList<Workloads.CustomWorkload> Workloads { get; init; } = [];

    /// <summary>`baseline`: the baseline file `check` compares with and `baseline` writes, made absolute from the configuration's folder.</summary>
    public string? Baseline { get; init; }

    /// <summary>Globs of Helm-style values files whose `image:` blocks `pin` updates.</summary>
    public IReadOnlyList<string> HelmValues { get; init; } = [];

    /// <summary>`render:`: how kustomizations and charts are rendered before they are checked.</summary>
    public Rendering.RenderSettings Render { get; init; } = Rendering.RenderSettings.Default;

    /// <summary>The level a rule reports at: configured, or the rule's default.</summary>
    public FindingLevel LevelOf(string ruleId, FindingLevel defaultLevel) => RuleLevels.TryGetValue(ruleId, out var level) ? level : defaultLevel;

    /// <summary>
    /// `exemptImages`: exact images, or prefixes with a trailing `*` as Gatekeeper reads them; raw or normalized.
    /// </summary>
    public bool IsExempt(string raw, string? normalized)
    {
        foreach (var exempt in ExemptImages)
        {
            if (exempt.EndsWith('*'))
            {
                var prefix = exempt[..^1];
                if (raw.StartsWith(prefix, StringComparison.Ordinal) || (normalized?.StartsWith(prefix, StringComparison.Ordinal) ?? false))
                {
                    return true;
                }
            }
            else if (raw == exempt || normalized == exempt)
            {
                return true;
            }
        }
        return false;
    }
}
