namespace ManifestGuard.Registry;

/// <summary>Where the client gets credentials for a registry; null means go anonymous.</summary>
internal interface IRegistryCredentialSource
{
    /// <summary>Credentials for <paramref name="registry"/> (normalized, e.g. `docker.io`), most specific to <paramref name="repository"/> first.</summary>
    /// <exception cref="RegistryCredentialException">A configured credential helper failed.</exception>
    Task<RegistryCredential?> FindAsync(string registry, string repository, CancellationToken cancellationToken);
}
