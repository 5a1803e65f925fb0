using ManifestGuard.Configuration;
using ManifestGuard.Registry;

namespace ManifestGuard.Cli;

/// <summary>The registry client a run uses: the configuration's insecure registries and mirrors, the user's credentials.</summary>
internal static class RegistryClients
{
    public static RegistryClient Create(ManifestGuardConfig config) => new(
        new RegistryClientOptions
        {
            InsecureRegistries = new HashSet<string>(config.InsecureRegistries, StringComparer.OrdinalIgnoreCase),
            EndpointOverrides = config.Mirrors.ToDictionary(m => m.Key, m => new Uri(m.Value), StringComparer.OrdinalIgnoreCase),
        },
        new DockerCredentialStore(RegistryEnvironment.Current));
}
