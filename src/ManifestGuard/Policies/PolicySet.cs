using ManifestGuard.Configuration;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.Policies.ImageConfig;
using ManifestGuard.Policies.Oke;
using ManifestGuard.Policies.OpenShift3;
using ManifestGuard.Policies.OpenShiftImagePolicy;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies;

/// <summary>
/// Every image policy that applies to a scan: the policy objects found among the scanned manifests and the
/// files named in `policyFiles`, each read in its native format. The scan asks it about each workload image.
/// </summary>
internal sealed class PolicySet
{
    private readonly IReadOnlyList<IImagePolicy> _policies;

    private PolicySet(IReadOnlyList<IImagePolicy> policies, IReadOnlyList<PolicyProblem> problems)
    {
        _policies = policies;
        Problems = problems;
    }

    /// <summary>MG303/MG304/MG305 found while loading, and MG302 for ImageStream imports the cluster would refuse.</summary>
    public IReadOnlyList<PolicyProblem> Problems { get; }

    public bool IsEmpty => _policies.Count == 0 && Problems.Count == 0;

    /// <param name="documents">Every scanned document; policy objects are picked out by apiVersion and kind.</param>
    /// <param name="policyFiles">`policyFiles` of the configuration: absolute path and the path to report.</param>
    /// <param name="oke">The `oke:` settings, or null.</param>
    /// <exception cref="ConfigurationException">A policy file cannot be read or is not a policy file at all.</exception>
    public static PolicySet Load(
        IEnumerable<PolicyDocument> documents,
        IEnumerable<(string FullPath, string DisplayPath)> policyFiles,
        OkeSettings? oke) =>
        FromTexts(
            documents,
            policyFiles.Select(file => (file.DisplayPath, PolicyFileReader.Read(file.FullPath, file.DisplayPath))),
            oke);

    /// <summary>As <see cref="Load"/>, with the policy files already read (a scan reads them with its other sources).</summary>
    internal static PolicySet FromTexts(
        IEnumerable<PolicyDocument> documents,
        IEnumerable<(string DisplayPath, PolicyFile File)> policyFiles,
        OkeSettings? oke)
    {
        var problems = new List<PolicyProblem>();
        var policies = new List<IImagePolicy>();
        var allDocuments = documents.ToList();

        // policyFiles: policy.json and registries.d files together describe one node; other files add documents.
        var nodePolicies = new List<ContainersPolicyFile>();
        var nodeRegistries = new RegistriesDirectory();
        var masterConfigs = new List<MasterConfig>();
        foreach (var (displayPath, file) in policyFiles)
        {
            switch (file.Kind)
            {
                case PolicyFileKind.ContainersPolicy:
                    var origin = new PolicyOrigin(displayPath, displayPath, null);
                    var result = ContainersPolicyParser.Parse(file.Text, origin, problems);
                    if (result.SyntaxError is not null)
                    {
                        throw new ConfigurationException($"not a valid policy.json: {result.SyntaxError}", displayPath, result.Line, result.Column);
                    }
                    if (result.Policy is not null)
                    {
                        nodePolicies.Add(result.Policy);
                    }
                    break;
                case PolicyFileKind.RegistriesDirectory:
                    nodeRegistries.TryAdd(file.Text, new PolicyOrigin(displayPath, displayPath, null), problems, out _);
                    break;
                case PolicyFileKind.MasterConfig:
                    masterConfigs.Add(MasterConfig.Read((YamlMapping)file.Documents[0], displayPath, problems));
                    break;
                default:
                    allDocuments.AddRange(file.Documents.OfType<YamlMapping>().Select(root => new PolicyDocument(displayPath, root)));
                    break;
            }
        }
        foreach (var policy in nodePolicies)
        {
            NodeContainersPolicy.CheckSignatureStorage(policy, nodeRegistries, problems);
            policies.Add(new NodeContainersPolicy(policy, policy.Origin.Name));
        }

        // MachineConfig and Butane configs among the scanned documents and policy files.
        var machineConfigs = allDocuments.Where(d => MachineConfigPolicies.IsMachineConfig(d.Root)).ToList();
        var knownRoles = machineConfigs.Select(d => MachineConfigPolicies.Role(d.Root)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var nodeFiles = machineConfigs.SelectMany(d => MachineConfigPolicies.ReadFiles(d.Root, d.File, problems)).ToList();
        policies.AddRange(MachineConfigPolicies.Build(nodeFiles, knownRoles, problems));

        // OpenShift 4: the cluster Image config and the sigstore policies, rendered together as the MCO does.
        var imageConfigs = allDocuments.Where(d => ClusterImageConfig.IsImageConfig(d.Root)).Select(d => ClusterImageConfig.Read(d, problems)).ToList();
        var imageConfig = imageConfigs.FirstOrDefault(c => c.Name == "cluster");
        if (OpenShiftNodePolicy.Load(allDocuments, imageConfig, problems) is { } nodePolicy)
        {
            policies.Add(nodePolicy);
        }

        // Registries allowed for import: OpenShift 3 master-config and OpenShift 4 Image config, applied to ImageStreams.
        var importRules = masterConfigs.Where(m => m.AllowedForImport is not null).Select(m => m.AllowedForImport!)
            .Concat(imageConfig?.AllowedForImport is { } fromImageConfig ? [fromImageConfig] : [])
            .ToList();
        ImageStreamImports.Check(allDocuments, importRules, problems);
        policies.AddRange(masterConfigs.Select(m => m.ExecutionRules).OfType<IImagePolicy>());

        if (oke is not null && OkeImagePolicy.Load(oke, problems) is { } okePolicy)
        {
            policies.Add(okePolicy);
        }

        return new PolicySet(policies, problems);
    }

    /// <summary>
    /// The kinds <see cref="IsPolicyDocument"/> can accept; a document of another kind is a policy only
    /// as a Butane config, which has no kind but a <see cref="MachineConfigPolicies.ButaneVariantKey"/>.
    /// </summary>
    public static bool IsPolicyKind(string kind) => kind is "MachineConfig" or "Image" or "ClusterImagePolicy" or "ImagePolicy" or "ImageStream";

    /// <summary>
    /// Whether a scanned document matters to policies, so a scan keeps only these after checking a file:
    /// policy objects, MachineConfig and Butane configs, and ImageStreams (their imports are checked).
    /// </summary>
    public static bool IsPolicyDocument(YamlMapping root) =>
        MachineConfigPolicies.IsMachineConfig(root)
        || ClusterImageConfig.IsImageConfig(root)
        || SigstoreImagePolicyReader.IsSigstorePolicy(root)
        || PolicyYaml.Kind(root) == "ImageStream";

    /// <summary>MG301, MG302, MG201 and MG202 verdicts of every policy for one workload image.</summary>
    public IReadOnlyList<PolicyVerdict> Evaluate(ImageUse use)
    {
        ArgumentNullException.ThrowIfNull(use);
        var verdicts = new List<PolicyVerdict>();
        foreach (var policy in _policies)
        {
            verdicts.AddRange(policy.Evaluate(use));
        }
        return verdicts;
    }

    /// <summary>Rule ids a PolicySet can produce, for callers that list them.</summary>
    public static IReadOnlyList<string> RuleIdsProduced { get; } =
    [
        RuleIds.RegistryNotAllowed, RuleIds.RegistryBlocked, RuleIds.DigestRequiredByPolicy, RuleIds.ImageRejectedByPolicy,
        RuleIds.PolicyScopeShadowed, RuleIds.InvalidImagePolicy, RuleIds.PolicyInconsistent,
    ];
}
