namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>
/// A policy.json that containers/image would accept. Only the `docker` transport matters here: it is the one
/// CRI-O and Podman use to pull from registries.
/// </summary>
internal sealed record ContainersPolicyFile(ContainersScope Default, IReadOnlyDictionary<string, ContainersScope> DockerScopes, PolicyOrigin Origin, string Text);
