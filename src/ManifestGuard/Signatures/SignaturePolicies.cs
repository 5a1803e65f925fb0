using ManifestGuard.Policies;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.References;

namespace ManifestGuard.Signatures;

/// <summary>
/// The policy.json and registries.d files of `policyFiles`, as one node reads them, for signature verification:
/// which requirements apply to an image (the scope lookup of containers/image) and where its signatures are.
/// Files the policy reader refuses verify nothing here; the scan already reports them (MG304).
/// </summary>
internal sealed class SignaturePolicies
{
    private readonly List<(ContainersPolicyFile Policy, string Directory)> _policies;

    private SignaturePolicies(
        List<(ContainersPolicyFile, string)> policies,
        RegistriesDirectory registries,
        bool hasRegistries
    )
    {
        _policies = policies;
        Registries = registries;
        HasRegistriesDirectory = hasRegistries;
    }

    public RegistriesDirectory Registries { get; }

    /// <summary>
    /// Whether any registries.d file was given: without one, where the node reads signatures is unknown.
    /// </summary>
    public bool HasRegistriesDirectory { get; }

    public bool IsEmpty => _policies.Count == 0;

    public static SignaturePolicies Load(IEnumerable<(string FullPath, string DisplayPath)> policyFiles)
    {
        var policies = new List<(ContainersPolicyFile, string)>();
        var registries = new RegistriesDirectory();
        var hasRegistries = false;
        var ignored = new List<PolicyProblem>();
        foreach (var (fullPath, displayPath) in policyFiles)
        {
            var file = PolicyFileReader.Read(fullPath, displayPath);
            var origin = new PolicyOrigin(displayPath, displayPath, null);
            if (
                file.Kind == PolicyFileKind.ContainersPolicy
                && ContainersPolicyParser.Parse(file.Text, origin, ignored).Policy is { } policy
            )
            {
                policies.Add((policy, Path.GetDirectoryName(fullPath) ?? "."));
            }
            else if (file.Kind == PolicyFileKind.RegistriesDirectory)
            {
                hasRegistries |= registries.TryAdd(file.Text, origin, ignored, out _);
            }
        }
        return new SignaturePolicies(policies, registries, hasRegistries);
    }

    /// <summary>
    /// The signature requirements of each policy's scope for the image; empty when no scope needs signatures, or
    /// when the scope also rejects outright (MG302 says that already).
    /// </summary>
    public IReadOnlyList<SignatureRequirement> RequirementsFor(ImageReference reference)
    {
        var result = new List<SignatureRequirement>();
        foreach (var (policy, directory) in _policies)
        {
            var name = DockerScopeLookup.MostSpecific(reference, policy.DockerScopes.ContainsKey);
            var scope =
                name is not null ? policy.DockerScopes[name]
                : policy.DockerScopes.TryGetValue("", out var transportDefault) ? transportDefault
                : policy.Default;
            if (
                scope.Requirements.Any(r =>
                    r.Type == ContainersRequirementType.Reject || r.RejectsEverything is not null
                )
            )
            {
                continue;
            }
            var label = $"{policy.Origin.Name} {scope.Describe()}";
            result.AddRange(
                scope
                    .Requirements.Where(r => r.VerifiesSignatures)
                    .Select(r => SignatureRequirement.From(r, directory, label))
            );
        }
        return result;
    }
}
