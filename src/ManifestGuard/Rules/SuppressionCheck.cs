using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rules;

/// <summary>
/// MG902: a suppression word that names no rule. Every `manifestguard:ignore` comment of a file is
/// checked, wherever it is, and the ignore annotations of the objects the scan reads; each unknown word
/// is one finding at the word itself.
/// </summary>
internal static class SuppressionCheck
{
    /// <summary>How far a word may be from a rule id or name to be offered as what was meant.</summary>
    private const int MaxSuggestionDistance = 2;

    public static IEnumerable<Finding> CheckComments(SourceText source, CheckContext context)
    {
        if (!context.IsOn(RuleIds.InvalidSuppression)
            || !source.Text.Contains(SuppressionFinder.CommentMarker, StringComparison.Ordinal))
        {
            yield break;
        }
        var lineNumber = 0;
        foreach (var rawLine in source.Text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            var comment = SuppressionFinder.CommentOn(line);
            if (SuppressionFinder.ParseComment(comment) is not { } directive)
            {
                continue;
            }
            var commentColumn = line.Length - comment.Length + 1;
            foreach (var token in directive.UnknownTokens)
            {
                var column = commentColumn + token.Offset;
                var span = Span(lineNumber, column, token);
                var field = $"# {SuppressionFinder.CommentMarker} {token.Text}";
                yield return Create(context, source.DisplayPath, span, token, "comment", null, field);
            }
        }
    }

    /// <summary>
    /// The ignore annotations of an object and of its pod template (the same mapping is checked once).
    /// </summary>
    public static IEnumerable<Finding> CheckAnnotations(
        ManifestObject owner, CheckContext context, params YamlMapping?[] metadata)
    {
        if (!context.IsOn(RuleIds.InvalidSuppression))
        {
            yield break;
        }
        var distinct = metadata.OfType<YamlMapping>().Distinct(ReferenceEqualityComparer.Instance).Cast<YamlMapping>();
        foreach (var meta in distinct)
        {
            if ((meta["annotations"] as YamlMapping)?[SuppressionFinder.IgnoreAnnotation] is not YamlScalar value)
            {
                continue;
            }
            foreach (var token in SuppressionFinder.ParseAnnotation(value.Value).UnknownTokens)
            {
                var field = $"metadata.annotations[{SuppressionFinder.IgnoreAnnotation}] {token.Text}";
                yield return Create(context, owner.Source.DisplayPath, TokenSpan(value, token), token, "annotation", owner.Identity, field);
            }
        }
    }

    /// <summary>
    /// The token's own columns when the value is written on one line as it reads (no escapes, no
    /// folding); otherwise the whole value, which is still where the fix goes.
    /// </summary>
    private static SourceSpan TokenSpan(YamlScalar value, SuppressionToken token)
    {
        var quote = value.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        var asWritten = value.Style is ScalarStyle.Plain or ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
            && value.Span.StartLine == value.Span.EndLine
            && value.Span.EndColumn - value.Span.StartColumn == value.Value.Length + 2 * quote;
        return asWritten
            ? Span(value.Span.StartLine, value.Span.StartColumn + quote + token.Offset, token)
            : value.Span;
    }

    private static SourceSpan Span(int line, int column, SuppressionToken token) =>
        new(line, column, line, column + token.Text.Length, -1, -1);

    private static Finding Create(
        CheckContext context, string file, SourceSpan span, SuppressionToken token, string where, ResourceIdentity? resource, string field)
    {
        var word = MessageText.Quote(token.Text);
        var suggestion = Suggestion(token.Text, context.Catalog) is { } meant ? $" (did you mean {meant}?)" : "";
        return new Finding
        {
            RuleId = RuleIds.InvalidSuppression,
            Level = context.LevelOf(RuleIds.InvalidSuppression),
            Message = $"the suppression {where} names \"{word}\", which is no rule id or name, " +
                $"so it suppresses nothing{suggestion}; `manifestguard rules` lists the rules",
            File = file,
            Span = span,
            Resource = resource,
            // The word is part of the field so that two typos in one file are told apart across edits.
            Field = field,
        };
    }

    /// <summary>The rule ids and names closest to the word, when close enough to be a typo of one.</summary>
    private static string? Suggestion(string word, RuleCatalog catalog)
    {
        var candidates = catalog.Rules
            .SelectMany(rule => new[] { rule.Id, rule.Name })
            .Select(candidate => (candidate, Distance: EditDistance(word.ToUpperInvariant(), candidate.ToUpperInvariant())))
            .Where(c => c.Distance <= MaxSuggestionDistance)
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }
        var best = candidates.Min(c => c.Distance);
        var closest = candidates.Where(c => c.Distance == best).Select(c => c.candidate).Take(3).ToList();
        return closest.Count == 1 ? closest[0] : string.Join(", ", closest[..^1]) + " or " + closest[^1];
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
