using ManifestGuard.Discovery;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Findings;

/// <summary>
/// The two ways to suppress a finding: the comment `# manifestguard:ignore MG101 reason` on the
/// finding's line or alone on the line above, and the annotation `manifestguard.io/ignore: "MG101,MG401"`
/// on the resource or its pod template. Only known rule ids and rule names suppress.
/// </summary>
/// <remarks>
/// A comment's first word is always read as a rule; the list goes on over words joined by commas and
/// words that are rule names or shaped like an id (`MG` and a digit), and ends at `--` or at the first
/// other word, where the reason starts. A comment that names no rule (`# manifestguard:ignore` or
/// `# manifestguard:ignore -- reason`) suppresses every rule on its line. An annotation has no reason:
/// every word is a rule, and `*` stands for all of them.
/// </remarks>
internal static class SuppressionFinder
{
    public const string CommentMarker = "manifestguard:ignore";
    public const string IgnoreAnnotation = "manifestguard.io/ignore";

    /// <summary>Ends a comment's rule list explicitly; what follows is the reason.</summary>
    public const string ReasonSeparator = "--";

    /// <summary>In an annotation, every rule.</summary>
    public const string AllRules = "*";

    private static readonly Lazy<Dictionary<string, string>> RuleIdsByToken = new(() =>
        RuleCatalog.Default.Rules
            .SelectMany(rule => new[] { (Token: rule.Id, rule.Id), (Token: rule.Name, rule.Id) })
            .ToDictionary(pair => pair.Token, pair => pair.Id, StringComparer.OrdinalIgnoreCase));

    /// <summary>A comment at the line wins over an annotation of the resource or its pod template.</summary>
    public static Suppression? Find(
        SourceText source, int line, string ruleId, params ReadOnlySpan<YamlMapping?> metadata) =>
        Capture(source, line, metadata).For(ruleId);

    /// <summary>
    /// Captures what could suppress findings at a line: its comments, and the ignore annotations of the metadata given.
    /// </summary>
    public static SuppressionContext Capture(SourceText source, int line, params ReadOnlySpan<YamlMapping?> metadata)
    {
        var above = source.Line(line - 1).TrimStart();
        var commentAbove = above.StartsWith('#') ? above : "";
        return new SuppressionContext(CommentOn(source.Line(line)), commentAbove, IgnoredRules(metadata));
    }

    public static Suppression? FromComment(SourceText source, int line, string ruleId) =>
        Capture(source, line).For(ruleId);

    /// <summary>
    /// Checks the ignore annotation of each metadata mapping given (the object's, the pod template's).
    /// </summary>
    public static Suppression? FromAnnotations(string ruleId, params ReadOnlySpan<YamlMapping?> metadata) =>
        (SuppressionContext.None with { IgnoredRules = IgnoredRules(metadata) }).For(ruleId);

    /// <summary>The rule id a suppression token names (an id in any case, or a rule name), or null.</summary>
    public static string? RuleIdOf(string token) => RuleIdsByToken.Value.GetValueOrDefault(token);

    /// <summary>The comment part of a line: from a `#` that starts the line or follows white space.</summary>
    public static string CommentOn(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[i..];
            }
        }
        return "";
    }

    /// <summary>
    /// What a comment's `manifestguard:ignore` says (token offsets count from the comment's start), or null without
    /// one.
    /// </summary>
    public static SuppressionDirective? ParseComment(string comment)
    {
        var at = comment.IndexOf(CommentMarker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var ids = new List<string>();
        var unknown = new List<SuppressionToken>();
        var all = false;
        var named = false;
        string? reason = null;
        var position = at + CommentMarker.Length;
        while (NextToken(comment, ref position, out var token, out var afterComma))
        {
            if (token.Text == ReasonSeparator)
            {
                reason = Rest(comment, position);
                break;
            }
            if (named && !afterComma && !LooksLikeRule(token.Text))
            {
                reason = Rest(comment, token.Offset);
                break;
            }
            named = true;
            Classify(token, ids, unknown, ref all);
        }
        return new SuppressionDirective(all || !named, ids, unknown, reason);
    }

    /// <summary>
    /// What an ignore annotation's value says: every token is a rule (token offsets count from the value's start).
    /// </summary>
    public static SuppressionDirective ParseAnnotation(string value)
    {
        var ids = new List<string>();
        var unknown = new List<SuppressionToken>();
        var all = false;
        var position = 0;
        while (NextToken(value, ref position, out var token, out _))
        {
            Classify(token, ids, unknown, ref all);
        }
        return new SuppressionDirective(all, ids, unknown, null);
    }

    /// <summary>The suppression a `manifestguard:ignore` comment gives a rule, or null.</summary>
    internal static Suppression? Match(string comment, string ruleId) =>
        ParseComment(comment) is { } directive && directive.Covers(ruleId)
            ? new Suppression(SuppressionKind.InlineComment, directive.Reason ?? "inline comment")
            : null;

    private static List<string> IgnoredRules(ReadOnlySpan<YamlMapping?> metadata)
    {
        var ignored = new List<string>();
        foreach (var meta in metadata)
        {
            if (meta?.ScalarAt("annotations", IgnoreAnnotation) is { } value)
            {
                var directive = ParseAnnotation(value);
                if (directive.AllRules)
                {
                    ignored.Add(AllRules);
                }
                ignored.AddRange(directive.RuleIds);
            }
        }
        return ignored;
    }

    private static void Classify(SuppressionToken token, List<string> ids, List<SuppressionToken> unknown, ref bool all)
    {
        if (token.Text == AllRules)
        {
            all = true;
        }
        else if (RuleIdOf(token.Text) is { } id)
        {
            ids.Add(id);
        }
        else
        {
            unknown.Add(token);
        }
    }

    /// <summary>
    /// A rule name, or a word shaped like a rule id (`MG` and letters or digits, at least one digit): a typo of one.
    /// </summary>
    private static bool LooksLikeRule(string word) =>
        RuleIdOf(word) is not null
        || (word.StartsWith("MG", StringComparison.OrdinalIgnoreCase)
            && word.All(char.IsAsciiLetterOrDigit)
            && word.Any(char.IsAsciiDigit));

    /// <summary>
    /// Reads the next word, words being separated by white space and commas; says whether a comma came before it.
    /// </summary>
    private static bool NextToken(string text, ref int position, out SuppressionToken token, out bool afterComma)
    {
        afterComma = false;
        while (position < text.Length && IsSeparator(text[position]))
        {
            afterComma |= text[position] == ',';
            position++;
        }
        var start = position;
        while (position < text.Length && !IsSeparator(text[position]))
        {
            position++;
        }
        token = new SuppressionToken(text[start..position], start);
        return position > start;
    }

    private static bool IsSeparator(char c) => c == ',' || char.IsWhiteSpace(c);

    private static string? Rest(string text, int from) => text[from..].Trim() is { Length: > 0 } rest ? rest : null;
}
