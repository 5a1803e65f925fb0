using ManifestGuard.Findings;
using ManifestGuard.Registry;
using ManifestGuard.Rules;
using ManifestGuard.Workloads;

namespace ManifestGuard.Signatures;

/// <summary>`check --online`: MG601 and MG602 for every image whose policy.json requirement needs signatures.</summary>
internal static class SignatureChecks
{
    public static async Task<(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Errors)> CheckAsync(
        IReadOnlyList<ScannedImage> images,
        CheckContext context,
        RegistryClient client,
        CancellationToken cancellationToken
    )
    {
        var policies = SignaturePolicies.Load(context.Config.PolicyFiles);
        if (policies.IsEmpty)
        {
            return ([], []);
        }
        var verifier = new ImageSignatureVerifier(client, policies, DateTimeOffset.UtcNow);
        var candidates = images
            .Where(i => i.Reference is not null && !context.Config.IsExempt(i.Raw, i.Reference.Normalized))
            .Where(i => !(context.Config.BreakGlass.ExemptFromPolicies && i.BreakGlass))
            .ToList();
        // One verification per distinct reference, however many workloads use it.
        var outcomes = new Dictionary<string, Task<SignatureOutcome>>(StringComparer.Ordinal);
        foreach (var image in candidates)
        {
            var key = image.Reference!.Normalized;
            if (!outcomes.ContainsKey(key))
            {
                outcomes[key] = verifier.VerifyAsync(image.Reference, cancellationToken);
            }
        }
        await Task.WhenAll(outcomes.Values).ConfigureAwait(false);

        var findings = new List<Finding>();
        var errors = new List<string>();
        foreach (var image in candidates)
        {
            var outcome = outcomes[image.Reference!.Normalized].Result;
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
