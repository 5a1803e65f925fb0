using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Policies;
using ManifestGuard.Rules;
using ManifestGuard.Workloads;

namespace ManifestGuard.Analysis;

/// <summary>
/// The evaluate step that needs every file at once: the cluster's policies, gathered from all scanned
/// documents and the configured policy files, judge each workload image; problems found in the
/// policies themselves (MG303, MG304, MG305, refused imports) become findings where they are written.
/// </summary>
internal static class PolicyStage
{
    public static IEnumerable<Finding> Run(PolicySet policies, IReadOnlyList<ScannedImage> images, CheckContext context, IReadOnlyDictionary<string, SourceText> sources)
    {
        foreach (var problem in policies.Problems)
        {
            if (ProblemFinding(problem, context, sources) is { } finding)
            {
                yield return finding;
            }
        }
        foreach (var image in images)
        {
            if (image.Reference is null || context.Config.IsExempt(image.Raw, image.Reference.Normalized))
            {
                continue;
            }
            var breakGlass = context.Config.BreakGlass.ExemptFromPolicies && image.BreakGlass;
            var use = new ImageUse(image.Reference, image.Resource, image.Resource.Namespace ?? context.Config.DefaultNamespace, breakGlass);
            foreach (var verdict in policies.Evaluate(use))
            {
                var finding = OccurrenceFindings.Create(image, verdict.RuleId, context, verdict.Message, verdict.Policy);
                if (finding.Level != FindingLevel.Off)
                {
                    yield return finding with { Suppression = image.Suppressions.For(finding.RuleId) };
                }
            }
        }
    }

    /// <summary>A configured level wins; otherwise the problem's own (a warning-grade MG304), else the rule's default.</summary>
    private static Finding? ProblemFinding(PolicyProblem problem, CheckContext context, IReadOnlyDictionary<string, SourceText> sources)
    {
        var level = context.Config.RuleLevels.TryGetValue(problem.RuleId, out var configured)
            ? configured
            : problem.Level ?? context.LevelOf(problem.RuleId);
        if (level == FindingLevel.Off)
        {
            return null;
        }
        var suppression = sources.TryGetValue(problem.File, out var source)
            ? SuppressionFinder.FromComment(source, problem.Span.StartLine, problem.RuleId)
            : null;
        return new Finding
        {
            RuleId = problem.RuleId,
            Level = level,
            Message = problem.Message,
            File = problem.File,
            Span = problem.Span,
            Policy = problem.Policy,
            Suppression = suppression,
        };
    }
}
