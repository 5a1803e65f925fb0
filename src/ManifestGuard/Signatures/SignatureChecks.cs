using ManifestGuard.Findings;
using ManifestGuard.Policies;
using ManifestGuard.Registry;
using ManifestGuard.Rules;
using ManifestGuard.Workloads;

namespace ManifestGuard.Signatures;

/// <summary>
/// `check --online`: MG601 and MG602 for every image whose node policies (policyFiles, MachineConfig and Butane,
/// ClusterImagePolicy and ImagePolicy as rendered for the nodes) need signatures, and for OKE's, not verifiable.
/// </summary>
internal static class SignatureChecks
{
    public static async Task<(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Errors)> CheckAsync(
        IReadOnlyList<ScannedImage> images,
        IReadOnlyList<PolicyDocument> documents,
        CheckContext context,
        RegistryClient client,
        CancellationToken cancellationToken
    )
    {
        var policies = SignaturePolicies.Load(context.Config.PolicyFiles, documents, context.Config.Oke);
        if (policies.IsEmpty)
        {
            return ([], []);
        }
        var verifier = new ImageSignatureVerifier(client, policies, DateTimeOffset.UtcNow);
        var candidates = images
            .Where(i => i.Reference is not null && !context.Config.IsExempt(i.Raw, i.Reference.Normalized))
            .Where(i => !(context.Config.BreakGlass.ExemptFromPolicies && i.BreakGlass))
            .ToList();
        // One verification per distinct reference and set of node policies, however many workloads use it.
        var outcomes = new Dictionary<string, Task<SignatureOutcome>>(StringComparer.Ordinal);
        string Key(ScannedImage image) => policies.ViewOf(Namespace(image)) + " " + image.Reference!.Normalized;
        string? Namespace(ScannedImage image) => image.Resource.Namespace ?? context.Config.DefaultNamespace;
        foreach (var image in candidates)
        {
            var key = Key(image);
            if (!outcomes.ContainsKey(key))
            {
                outcomes[key] = verifier.VerifyAsync(image.Reference!, Namespace(image), cancellationToken);
            }
        }
        await Task.WhenAll(outcomes.Values).ConfigureAwait(false);

        var findings = new List<Finding>();
        var errors = new List<string>();
        foreach (var image in candidates)
        {
            var outcome = outcomes[Key(image)].Result;
            if (outcome.RunError is { } error)
            {
                errors.Add($"{image.File}:{image.Span.StartLine}:{image.Span.StartColumn}: {error}");
            }
            else if (outcome.RuleId is { } ruleId)
            {
                var finding = OccurrenceFindings.Create(image, ruleId, context, outcome.Message!, outcome.Policy);
                if (finding.Level != FindingLevel.Off)
                {
                    findings.Add(finding);
                }
            }
        }
        return (findings, errors.Distinct(StringComparer.Ordinal).ToList());
    }
}
