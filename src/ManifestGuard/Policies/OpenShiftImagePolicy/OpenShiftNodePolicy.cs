using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.Policies.ImageConfig;
using ManifestGuard.Rules;

namespace ManifestGuard.Policies.OpenShiftImagePolicy;

/// <summary>
/// The policy.json the Machine Config Operator renders for the nodes from the Image config's registrySources
/// and the ClusterImagePolicy objects, plus, per namespace, the ImagePolicy scopes CRI-O adds for pods of that
/// namespace (MCO container-runtime-config helpers: updatePolicyJSON, updateNamespacedPolicyJSONs). It is then
/// evaluated with containers/image's scope precedence, so the most specific scope decides: an allowed
/// registry narrower than a ClusterImagePolicy scope admits without a signature, exactly as on the node.
/// </summary>
internal sealed class OpenShiftNodePolicy : IImagePolicy
{
    private enum EntryKind
    {
        Allowed,
        Blocked,
        Sigstore,
    }

    private sealed record Entry(EntryKind Kind, string Policy);

    private readonly Dictionary<string, List<Entry>> _cluster;
    private readonly Dictionary<string, Dictionary<string, List<Entry>>> _namespaced;
    private readonly ClusterImageConfig? _imageConfig;

    private OpenShiftNodePolicy(Dictionary<string, List<Entry>> cluster, Dictionary<string, Dictionary<string, List<Entry>>> namespaced, ClusterImageConfig? imageConfig)
    {
        _cluster = cluster;
        _namespaced = namespaced;
        _imageConfig = imageConfig;
    }

    public static OpenShiftNodePolicy? Load(IReadOnlyList<PolicyDocument> documents, ClusterImageConfig? imageConfig, ICollection<PolicyProblem> problems)
    {
        var objects = documents
            .Where(d => SigstoreImagePolicyReader.IsSigstorePolicy(d.Root))
            .Select(d => SigstoreImagePolicyReader.Read(d, problems))
            .OfType<SigstoreImagePolicyObject>()
            .ToList();
        var allowed = imageConfig?.AllowedRegistries.Select(s => s.Value).ToList() ?? [];
        var blocked = imageConfig?.BlockedRegistries.Select(s => s.Value).ToList() ?? [];
        if (objects.Count == 0 && allowed.Count == 0 && blocked.Count == 0)
        {
            return null;
        }

        var clusterObjects = objects.Where(o => o.IsCluster).ToList();
        var clusterScopes = clusterObjects.SelectMany(o => o.Scopes.Select(s => (Object: o, Scope: s))).ToList();
        var table = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        foreach (var registry in allowed.Where(r => clusterScopes.All(c => c.Scope.Value != r)))
        {
            // An allowed registry that is also a ClusterImagePolicy scope gets no insecureAcceptAnything.
            Add(table, registry, new Entry(EntryKind.Allowed, $"{imageConfig!.ObjectName} registrySources.allowedRegistries \"{registry}\""));
        }
        foreach (var registry in blocked)
        {
            Add(table, registry, new Entry(EntryKind.Blocked, $"{imageConfig!.ObjectName} registrySources.blockedRegistries \"{registry}\""));
        }
        foreach (var (policy, scope) in clusterScopes)
        {
            Add(table, scope.Value, new Entry(EntryKind.Sigstore, $"{policy.ObjectName} scope \"{scope.Value}\""));
            CheckAgainstRegistrySources(policy, scope, allowed, blocked, imageConfig, problems);
        }

        var namespaced = new Dictionary<string, Dictionary<string, List<Entry>>>(StringComparer.Ordinal);
        foreach (var policy in objects.Where(o => !o.IsCluster))
        {
            foreach (var scope in policy.Scopes)
            {
                var shadowing = clusterScopes.FirstOrDefault(c => ScopeNesting.IsNestedInside(scope.Value, c.Scope.Value));
                if (shadowing.Object is not null)
                {
                    var relation = scope.Value == shadowing.Scope.Value ? "equals" : "is nested inside";
                    problems.Add(new PolicyProblem(
                        RuleIds.PolicyScopeShadowed,
                        $"{policy.ObjectName} scope \"{scope.Value}\" {relation} {shadowing.Object.ObjectName} scope \"{shadowing.Scope.Value}\": the cluster ignores it (status reason ConflictScopes) and only the ClusterImagePolicy applies in namespace {policy.Namespace ?? "(none)"}",
                        policy.File,
                        scope.Node.Span,
                        $"{policy.ObjectName} scope \"{scope.Value}\""));
                    continue;
                }
                CheckAgainstRegistrySources(policy, scope, allowed, blocked, imageConfig, problems);
                var key = policy.Namespace ?? "";
                if (!namespaced.TryGetValue(key, out var scopes))
                {
                    scopes = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
                    namespaced[key] = scopes;
                }
                Add(scopes, scope.Value, new Entry(EntryKind.Sigstore, $"{policy.ObjectName} scope \"{scope.Value}\""));
            }
        }
        return new OpenShiftNodePolicy(table, namespaced, allowed.Count > 0 ? imageConfig : null);
    }

    private static void Add(Dictionary<string, List<Entry>> table, string scope, Entry entry)
    {
        if (!table.TryGetValue(scope, out var entries))
        {
            entries = [];
            table[scope] = entries;
        }
        entries.Add(entry);
    }

    /// <summary>
    /// The MCO refuses to render node configuration when a policy scope lies outside every allowed registry or
    /// inside a blocked one (validateImagePolicyWithAllowedBlockedRegistries): every node update then stalls.
    /// </summary>
    private static void CheckAgainstRegistrySources(SigstoreImagePolicyObject policy, PolicyScope scope, List<string> allowed, List<string> blocked, ClusterImageConfig? imageConfig, ICollection<PolicyProblem> problems)
    {
        var kind = policy.IsCluster ? "clusterimagePolicy" : "imagePolicy";
        string? error = null;
        if (allowed.Count > 0 && !allowed.Any(r => ScopeNesting.IsNestedInside(scope.Value, r)))
        {
            error = $"{kind} configured for the scope {scope.Value} is not nested inside allowedRegistries";
        }
        else if (blocked.FirstOrDefault(r => ScopeNesting.IsNestedInside(scope.Value, r)) is not null)
        {
            error = $"{kind} configured for the scope {scope.Value} is nested inside blockedRegistries";
        }
        if (error is not null)
        {
            problems.Add(new PolicyProblem(
                RuleIds.InvalidImagePolicy,
                $"{policy.ObjectName}: the Machine Config Operator cannot render node configuration with {imageConfig!.ObjectName} ({error}): node updates stop until it is fixed",
                policy.File,
                scope.Node.Span,
                $"{policy.ObjectName} scope \"{scope.Value}\""));
        }
    }

    public IEnumerable<PolicyVerdict> Evaluate(ImageUse use)
    {
        var reference = use.Reference;
        // CRI-O uses the namespace's policy (cluster scopes plus its ImagePolicy scopes) when it has one.
        var namespaceScopes = use.EffectiveNamespace is { } ns && _namespaced.TryGetValue(ns, out var found) ? found
            : use.EffectiveNamespace is null && _namespaced.TryGetValue("", out var unnamespaced) ? unnamespaced
            : null;
        List<Entry> Entries(string scope)
        {
            var entries = new List<Entry>();
            if (_cluster.TryGetValue(scope, out var cluster))
            {
                entries.AddRange(cluster);
            }
            if (namespaceScopes is not null && namespaceScopes.TryGetValue(scope, out var local))
            {
                entries.AddRange(local);
            }
            return entries;
        }

        var scopeName = DockerScopeLookup.MostSpecific(reference, s => Entries(s).Count > 0);
        if (scopeName is null)
        {
            if (_imageConfig is not null)
            {
                var policy = $"{_imageConfig.ObjectName} registrySources.allowedRegistries";
                yield return new PolicyVerdict(
                    RuleIds.RegistryNotAllowed,
                    $"\"{reference.Raw}\" ({reference.Name}) is in none of {policy} ({string.Join(", ", _imageConfig.AllowedRegistries.Select(a => a.Value))}): nodes reject the pull",
                    policy);
            }
            yield break;
        }
        var entries = Entries(scopeName);
        if (entries.FirstOrDefault(e => e.Kind == EntryKind.Blocked) is { } block)
        {
            yield return new PolicyVerdict(RuleIds.RegistryBlocked, $"\"{reference.Raw}\" is blocked by {block.Policy}: nodes reject the pull", block.Policy);
            yield break;
        }
        if (reference.IsPinned)
        {
            yield break;
        }
        foreach (var policy in entries.Where(e => e.Kind == EntryKind.Sigstore).Select(e => e.Policy).Distinct())
        {
            yield return new PolicyVerdict(
                RuleIds.DigestRequiredByPolicy,
                $"\"{reference.Raw}\" is covered by {policy}, which requires a sigstore signature verified against the image digest: pin the image by digest",
                policy);
        }
    }
}
