namespace ManifestGuard.Policies;

/// <summary>What a `policyFiles` entry turned out to be, judged by its content (file names vary between clusters).</summary>
internal enum PolicyFileKind
{
    /// <summary>containers policy.json.</summary>
    ContainersPolicy,

    /// <summary>A containers registries.d YAML file.</summary>
    RegistriesDirectory,

    /// <summary>OpenShift 3 master-config.yaml.</summary>
    MasterConfig,

    /// <summary>Kubernetes objects (MachineConfig, ClusterImagePolicy, Image ...) or Butane configs.</summary>
    Documents,
}
