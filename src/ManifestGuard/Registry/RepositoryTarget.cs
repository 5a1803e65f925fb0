namespace ManifestGuard.Registry;

/// <summary>The repository a request is about: its auth state is keyed by it.</summary>
internal sealed record RepositoryTarget(string Registry, string Repository, RegistryEndpoint Endpoint)
{
    public string Key => Registry + "/" + Repository;
}
