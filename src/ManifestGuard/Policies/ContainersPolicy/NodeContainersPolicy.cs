using ManifestGuard.Findings;
using ManifestGuard.Rules;

namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>
/// The policy.json (and registries.d, when known) one kind of node pulls with, evaluated the way
/// containers/image does for the `docker` transport.
/// </summary>
internal sealed class NodeContainersPolicy : IImagePolicy
{
    private readonly ContainersPolicyFile _policy;
    private readonly string _name;

    /// <param name="name">How verdicts name the policy; several identical node policies share one evaluation.</param>
    public NodeContainersPolicy(ContainersPolicyFile policy, string name)
    {
        _policy = policy;
        _name = name;
    }

    /// <summary>
    /// A signed requirement whose signatures the node has nowhere to read from can never be satisfied:
    /// `signedBy` needs a registries.d lookaside, `sigstoreSigned` needs `use-sigstore-attachments: true`.
    /// Checked only when the node's registries.d is known.
    /// </summary>
    public static void CheckSignatureStorage(ContainersPolicyFile policy, RegistriesDirectory registries, ICollection<PolicyProblem> problems)
    {
        if (registries.IsEmpty)
        {
            return;
        }
        foreach (var scope in policy.DockerScopes.Values.Append(policy.Default))
        {
            foreach (var requirement in scope.Requirements.Where(r => r.VerifiesSignatures && r.RejectsEverything is null))
            {
                var lookupScope = scope.IsGlobalDefault ? "" : scope.Name;
                var satisfiable = requirement.Type == ContainersRequirementType.SignedBy
                    ? registries.HasLookaside(lookupScope)
                    : registries.UsesSigstoreAttachments(lookupScope);
                if (!satisfiable)
                {
                    var needs = requirement.Type == ContainersRequirementType.SignedBy
                        ? "a `lookaside` (or `sigstore`) location"
                        : "`use-sigstore-attachments: true`";
                    problems.Add(policy.Origin.Problem(
                        RuleIds.InvalidImagePolicy,
                        $"{scope.Describe()} requires {requirement.TypeName} signatures, but no registries.d entry for it sets {needs}: no signature can be found, so every image in this scope is rejected",
                        scope.Span,
                        FindingLevel.Warning));
                }
            }
        }
    }

    public IEnumerable<PolicyVerdict> Evaluate(ImageUse use)
    {
        var reference = use.Reference;
        var scopeName = DockerScopeLookup.MostSpecific(reference, _policy.DockerScopes.ContainsKey);
        var scope = scopeName is not null ? _policy.DockerScopes[scopeName]
            : _policy.DockerScopes.TryGetValue("", out var transportDefault) ? transportDefault
            : _policy.Default;
        var policy = $"{_name} {scope.Describe()}";

        // Every requirement must hold; one that cannot ever hold decides.
        var rejecting = scope.Requirements.FirstOrDefault(r => r.Type == ContainersRequirementType.Reject || r.RejectsEverything is not null);
        if (rejecting is not null)
        {
            var why = rejecting.RejectsEverything ?? "its requirements include `reject`";
            yield return new PolicyVerdict(RuleIds.ImageRejectedByPolicy, $"\"{reference.Raw}\" is rejected by {policy}: {why}", policy);
            yield break;
        }
        var signed = scope.Requirements.Where(r => r.VerifiesSignatures).Select(r => r.TypeName).Distinct().ToList();
        if (signed.Count > 0 && !reference.IsPinned)
        {
            yield return new PolicyVerdict(
                RuleIds.DigestRequiredByPolicy,
                $"\"{reference.Raw}\" must be signed under {policy} ({string.Join(", ", signed)}), and signatures are verified against a manifest digest: pin the image by digest so the verified image is the one that runs",
                policy);
        }
    }
}
