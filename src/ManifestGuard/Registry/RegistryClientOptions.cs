namespace ManifestGuard.Registry;

/// <summary>How the registry client behaves in one run. Defaults suit a CLI; tests shrink the delays.</summary>
internal sealed record RegistryClientOptions
{
    /// <summary>
    /// Registry name (normalized, e.g. `docker.io`) to the base URL that serves it: mirrors, and Docker Hub
    /// handling pointed at a local registry. Plain-HTTP overrides follow the same rule as any registry.
    /// </summary>
    public IReadOnlyDictionary<string, Uri> EndpointOverrides { get; init; } = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Hosts (host or host:port) that may be reached over plain HTTP: the config's `registries.insecure`.</summary>
    public IReadOnlySet<string> InsecureRegistries { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Requests in flight to one registry at a time; registries rate-limit bursts.</summary>
    public int MaxConcurrencyPerRegistry { get; init; } = DefaultMaxConcurrencyPerRegistry;

    /// <summary>
    /// 16: at a 40 ms round trip 500 tags resolve in about 2 s (4 took 6.7 s, 8 took 3.5 s, 32 took 1.5 s;
    /// bench/RESULTS.md): past 16 the gain is small, and 16 stays below the bursts registries throttle.
    /// </summary>
    public const int DefaultMaxConcurrencyPerRegistry = 16;

    /// <summary>
    /// The most one question may take (what a tag points at, a signature), retries, token requests and waits
    /// for a free connection included: `--timeout` and `registries.timeout`.
    /// </summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>One HTTP exchange, body included; never more than <see cref="Timeout"/>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries per request when the registry answers 5xx or 429 or the network fails.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>First backoff; doubled on each retry.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>No wait is longer than this, whatever Retry-After asks: a CLI must not hang for an hour.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxRedirects { get; init; } = 5;

    /// <summary>A manifest or index larger than this is refused (the limit containerd and distribution use).</summary>
    public int MaxManifestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How the client waits between retries; tests record the waits instead of sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;
}
