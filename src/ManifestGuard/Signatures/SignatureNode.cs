using ManifestGuard.Policies.ContainersPolicy;

namespace ManifestGuard.Signatures;

/// <summary>
/// The signature configuration one node pulls with: its policy.json files (with the folder relative key paths are
/// read from) and its registries.d. Owners, for a policy the Machine Config Operator renders, names the policy
/// object behind each sigstoreSigned requirement of a scope. NodeKeys are the key files the node's own
/// configuration writes; a key path elsewhere on a node's disk cannot be read from here.
/// </summary>
/// <param name="HasRegistriesDirectory">Whether any registries.d file is known: without one, where the node reads
/// signatures is unknown.</param>
/// <param name="NodeKeys">For a node described by MachineConfigs, the files they write, by path; null for
/// `policyFiles`, whose key paths are files of the repository.</param>
internal sealed record SignatureNode(
    IReadOnlyList<(ContainersPolicyFile Policy, string KeyDirectory)> Policies,
    RegistriesDirectory Registries,
    bool HasRegistriesDirectory,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Owners = null,
    IReadOnlyDictionary<string, string>? NodeKeys = null
);
