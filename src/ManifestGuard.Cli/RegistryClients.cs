using ManifestGuard.Configuration;
using ManifestGuard.Registry;

namespace ManifestGuard.Cli;

/// <summary>The registry client a run uses: the configuration's insecure registries and mirrors, the user's credentials.</summary>
internal static class RegistryClients
{
    /// <param name="config">The configuration's registry settings.</param>
    /// <param name="console">
    /// The run's surroundings: its environment (where the credential stores are found) and its retry clock.
    /// </param>
    /// <param name="timeoutSeconds">`--timeout`, which wins over the configuration's `registries.timeout`.</param>
    public static RegistryClient Create(
        ManifestGuardConfig config, CliConsole console, int? timeoutSeconds = null) => new(
        new RegistryClientOptions
        {
            Delay = console.RetryDelay,
            Timeout = timeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds)
                : config.RegistryTimeoutSeconds is { } configured ? TimeSpan.FromSeconds(configured)
                : RegistryClientOptions.DefaultTimeout,
            MaxConcurrencyPerRegistry = config.RegistryMaxConcurrency ?? RegistryClientOptions.DefaultMaxConcurrencyPerRegistry,
            InsecureRegistries = new HashSet<string>(config.InsecureRegistries, StringComparer.OrdinalIgnoreCase),
            EndpointOverrides = config.Mirrors.ToDictionary(m => m.Key, m => new Uri(m.Value), StringComparer.OrdinalIgnoreCase),
        },
        new DockerCredentialStore(new RegistryEnvironment(
            console.Environment,
            console.Environment("HOME") is { Length: > 0 } home ? home : RegistryEnvironment.Current.HomeDirectory)));
}
