namespace ManifestGuard.Findings;

/// <summary>
/// What can suppress findings at one place, captured while the file's text and tree are at hand: the
/// comment on the line, a comment-only line above it, and the rules the ignore annotations name.
/// Later stages (cluster policies, registries) judge suppressions from this, so the scan need not keep
/// every file's text and tree in memory.
/// </summary>
/// <param name="IgnoredRules">Rule ids the annotations name, and `*` when one names every rule.</param>
internal sealed record SuppressionContext(string LineComment, string CommentAbove, IReadOnlyList<string> IgnoredRules)
{
    public static readonly SuppressionContext None = new("", "", []);

    /// <summary>A comment at the line wins over an annotation of the resource or its pod template.</summary>
    public Suppression? For(string ruleId) =>
        SuppressionFinder.Match(LineComment, ruleId)
        ?? SuppressionFinder.Match(CommentAbove, ruleId)
        ?? (AnnotationCovers(ruleId)
            ? new Suppression(SuppressionKind.ResourceAnnotation, $"{SuppressionFinder.IgnoreAnnotation} annotation")
            : null);

    private bool AnnotationCovers(string ruleId) =>
        new SuppressionDirective(IgnoredRules.Contains(SuppressionFinder.AllRules), IgnoredRules, [], null)
            .Covers(ruleId);
}
