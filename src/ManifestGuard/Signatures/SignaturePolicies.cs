using System.Collections.Concurrent;
using System.Text;
using ManifestGuard.Configuration;
using ManifestGuard.Policies;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Signatures;

/// <summary>
/// Every signature configuration a node of the cluster pulls with, for verification: the policy.json and
/// registries.d files of `policyFiles`; those that MachineConfig and Butane configs write, one node per pool role;
/// and the files the Machine Config Operator renders from ClusterImagePolicy and ImagePolicy objects, where pods of
/// a namespace with an ImagePolicy pull under that namespace's file. An image must satisfy every node's
/// requirements. Files the policy readers refuse verify nothing here; the scan already reports them (MG304).
/// </summary>
internal sealed class SignaturePolicies
{
    private readonly IReadOnlyList<SignatureNode> _everywhere;
    private readonly SignatureNode? _openShiftCluster;
    private readonly IReadOnlyDictionary<string, SignatureNode> _openShiftNamespaces;

    // One requirement object per scope of a node's policy, so keys are read once however many images it covers.
    private readonly ConcurrentDictionary<(SignatureNode, ContainersScope), ApplicableRequirement[]> _read =
        new();

    private SignaturePolicies(
        IReadOnlyList<SignatureNode> everywhere,
        SignatureNode? openShiftCluster,
        IReadOnlyDictionary<string, SignatureNode> openShiftNamespaces,
        OkeSettings? oke
    )
    {
        _everywhere = everywhere;
        _openShiftCluster = openShiftCluster;
        _openShiftNamespaces = openShiftNamespaces;
        Oke = oke is { Enabled: true, KeyIds.Count: > 0 } ? oke : null;
    }

    /// <summary>OKE image verification, when it enforces something: its keys are in OCI Vault, out of reach.</summary>
    public OkeSettings? Oke { get; }

    public bool IsEmpty => _everywhere.Count == 0 && _openShiftCluster is null && Oke is null;

    /// <param name="policyFiles">`policyFiles` of the configuration: absolute path and the path to report.</param>
    /// <param name="documents">The policy documents of the scan and of the repository.</param>
    /// <param name="oke">The `oke:` settings, or null.</param>
    public static SignaturePolicies Load(
        IEnumerable<(string FullPath, string DisplayPath)> policyFiles,
        IReadOnlyList<PolicyDocument> documents,
        OkeSettings? oke = null
    )
    {
        var policies = new List<(ContainersPolicyFile, string)>();
        var registries = new RegistriesDirectory();
        var hasRegistries = false;
        var ignored = new List<PolicyProblem>();
        var allDocuments = documents.ToList();
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
            else if (file.Kind == PolicyFileKind.Documents)
            {
                allDocuments.AddRange(
                    file.Documents.OfType<YamlMapping>().Select(root => new PolicyDocument(displayPath, root))
                );
            }
        }
        var everywhere = new List<SignatureNode>();
        if (policies.Count > 0)
        {
            everywhere.Add(new SignatureNode(policies, registries, hasRegistries));
        }
        everywhere.AddRange(MachineConfigNodes(allDocuments));

        SignatureNode? cluster = null;
        var namespaces = new Dictionary<string, SignatureNode>(StringComparer.Ordinal);
        if (OpenShiftNodeFiles.Render(allDocuments) is { } rendered)
        {
            var sigstoreRegistries = new RegistriesDirectory();
            var registriesOrigin = new PolicyOrigin("", OpenShiftNodeFiles.RegistriesPath, null);
            sigstoreRegistries.TryAdd(rendered.Registries, registriesOrigin, ignored, out _);
            cluster = RenderedNode(rendered.ClusterPolicy, sigstoreRegistries, ignored);
            foreach (var (ns, policy) in rendered.NamespacePolicies)
            {
                if (RenderedNode(policy, sigstoreRegistries, ignored) is { } node)
                {
                    namespaces[ns] = node;
                }
            }
        }
        return new SignaturePolicies(everywhere, cluster, namespaces, oke);
    }

    private static SignatureNode? RenderedNode(
        RenderedNodePolicy rendered,
        RegistriesDirectory registries,
        List<PolicyProblem> ignored
    )
    {
        var origin = new PolicyOrigin("", rendered.Path, null);
        return ContainersPolicyParser.Parse(rendered.Json, origin, ignored).Policy is { } policy
            ? new SignatureNode([(policy, "/")], registries, true, rendered.Owners)
            : null;
    }

    /// <summary>
    /// One node per pool role whose MachineConfigs (or Butane configs) write policy.json: the role's registries.d
    /// files with it, and every other file the role writes, where key paths are looked up. Within a role the
    /// configuration whose name sorts last wins a path, as the operator merges them.
    /// </summary>
    private static IEnumerable<SignatureNode> MachineConfigNodes(IReadOnlyList<PolicyDocument> documents)
    {
        var ignored = new List<PolicyProblem>();
        var files = documents
            .Where(d => MachineConfigPolicies.IsMachineConfig(d.Root))
            .SelectMany(d => MachineConfigPolicies.ReadFiles(d.Root, d.File, ignored, _ => true))
            .GroupBy(f => f.Role, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var role in files)
        {
            var written = role
                .GroupBy(f => f.Path, StringComparer.Ordinal)
                .Select(byPath => byPath.OrderBy(f => f.ConfigName, StringComparer.Ordinal).Last())
                .ToList();
            if (written.FirstOrDefault(f => f.Path == MachineConfigPolicies.PolicyPath) is not { } policyFile)
            {
                continue;
            }
            var origin = policyFile.Origin with { Name = $"{policyFile.Origin.Name} (role {role.Key})" };
            if (ContainersPolicyParser.Parse(policyFile.Text, origin, ignored).Policy is not { } policy)
            {
                continue;
            }
            var registries = new RegistriesDirectory();
            var hasRegistries = false;
            foreach (var file in written.Where(f => IsRegistriesFile(f.Path)))
            {
                hasRegistries |= registries.TryAdd(file.Text, file.Origin, ignored, out _);
            }
            yield return new SignatureNode(
                [(policy, "/")],
                registries,
                hasRegistries,
                NodeKeys: written.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal)
            );
        }
    }

    private static bool IsRegistriesFile(string path) =>
        path.StartsWith("/etc/containers/registries.d/", StringComparison.Ordinal)
        && (path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal));

    /// <summary>
    /// Which set of node policies a namespace pulls under; images of namespaces in the same view verify alike.
    /// </summary>
    public string ViewOf(string? ns) => _openShiftNamespaces.ContainsKey(ns ?? "") ? "ns/" + (ns ?? "") : "";

    /// <summary>
    /// The signature requirements every node policy's scope for the image sets, for a workload of the namespace;
    /// a scope that also rejects outright gives none (MG302 says that already).
    /// </summary>
    public IReadOnlyList<ApplicableRequirement> RequirementsFor(ImageReference reference, string? ns)
    {
        var nodes = _everywhere.ToList();
        if (_openShiftNamespaces.TryGetValue(ns ?? "", out var namespaced))
        {
            nodes.Add(namespaced);
        }
        else if (_openShiftCluster is not null)
        {
            nodes.Add(_openShiftCluster);
        }
        var result = new List<ApplicableRequirement>();
        foreach (var node in nodes)
        {
            foreach (var (policy, directory) in node.Policies)
            {
                var scope = ScopeFor(policy, reference);
                result.AddRange(
                    _read.GetOrAdd((node, scope), _ => [.. RequirementsOf(node, policy, directory, scope)])
                );
            }
        }
        return result;
    }

    /// <summary>The scope of the policy that decides for the image: containers/image's lookup order.</summary>
    private static ContainersScope ScopeFor(ContainersPolicyFile policy, ImageReference reference)
    {
        var name = DockerScopeLookup.MostSpecific(reference, policy.DockerScopes.ContainsKey);
        return name is not null ? policy.DockerScopes[name]
            : policy.DockerScopes.TryGetValue("", out var transportDefault) ? transportDefault
            : policy.Default;
    }

    private static IEnumerable<ApplicableRequirement> RequirementsOf(
        SignatureNode node,
        ContainersPolicyFile policy,
        string directory,
        ContainersScope scope
    )
    {
        if (scope.Requirements.Any(r => r.Type == ContainersRequirementType.Reject || r.RejectsEverything is not null))
        {
            yield break;
        }
        var owners = node.Owners?.GetValueOrDefault(scope.Name);
        var index = 0;
        foreach (var requirement in scope.Requirements.Where(r => r.VerifiesSignatures))
        {
            var label =
                owners is not null && index < owners.Count
                    ? $"{owners[index]} scope \"{scope.Name}\" (in the {policy.Origin.Name} the Machine Config "
                        + "Operator writes)"
                    : $"{policy.Origin.Name} {scope.Describe()}";
            index++;
            var read = SignatureRequirement.From(requirement, directory, label);
            yield return new ApplicableRequirement(
                node.NodeKeys is { } written ? read with { Keys = [.. read.Keys.Select(k => OnNode(k, written))] } : read,
                node
            );
        }
    }

    /// <summary>A key path of a node policy names a file on the node: one its configuration writes, or none.</summary>
    private static KeySource OnNode(KeySource key, IReadOnlyDictionary<string, string> written)
    {
        if (key.Path is not { } path)
        {
            return key;
        }
        return written.TryGetValue(path, out var text)
            ? key with { Path = null, Data = Encoding.UTF8.GetBytes(text) }
            : key with
            {
                Path = null,
                Unreadable = $"{path} is a file on the node that no MachineConfig in the repository writes, "
                    + "so it cannot be read from here",
            };
    }
}
