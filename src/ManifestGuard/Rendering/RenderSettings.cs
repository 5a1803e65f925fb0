namespace ManifestGuard.Rendering;

/// <summary>
/// The `render:` section: whether kustomizations and charts are rendered before they are checked, with
/// which programs, and which values files make a chart's variants.
/// </summary>
internal sealed record RenderSettings
{
    public static readonly RenderSettings Default = new();

    /// <summary>`render.enabled`: false scans kustomizations' files as written (chart templates are still skipped).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>`render.kustomize`: `auto` (kustomize on PATH, else kubectl), `kustomize`, `kubectl`, or a path to either.</summary>
    public string Kustomize { get; init; } = "auto";

    /// <summary>`render.helm`: `helm` from PATH, or a path to it.</summary>
    public string Helm { get; init; } = "helm";

    /// <summary>
    /// `render.charts`: chart folder (absolute) → its variants, each the values files (absolute) passed
    /// after the chart's own values.yaml. A chart not named here has one variant with values.yaml alone
    /// and one per `values-*.yaml` beside Chart.yaml.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<string>>> Charts { get; init; } =
        new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>>();

    /// <summary>
    /// The PATH the renderers are looked up in: the run's own (a command's environment, which an in-process
    /// run does not share with this process), or this process's when null. Not a configuration key.
    /// </summary>
    public string? SearchPath { get; init; }

    /// <summary>How long one render may take before it is reported as a failure.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);
}
