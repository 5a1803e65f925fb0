using ManifestGuard.Discovery;
using ManifestGuard.Yaml;

namespace ManifestGuard.Findings;

/// <summary>
/// The two ways to suppress a finding: the comment `# manifestguard:ignore MG101 reason` on the
/// finding's line or alone on the line above, and the annotation `manifestguard.io/ignore: "MG101,MG401"`
/// on the resource or its pod template. A comment without rule ids suppresses every rule on that line.
/// </summary>
internal static class SuppressionFinder
{
    public const string CommentMarker = "manifestguard:ignore";
    public const string IgnoreAnnotation = "manifestguard.io/ignore";

    /// <summary>A comment at the line wins over an annotation of the resource or its pod template.</summary>
    public static Suppression? Find(SourceText source, int line, string ruleId, params ReadOnlySpan<YamlMapping?> metadata) =>
        Capture(source, line, metadata).For(ruleId);

    /// <summary>Captures what could suppress findings at a line: its comments, and the ignore annotations of the metadata given.</summary>
    public static SuppressionContext Capture(SourceText source, int line, params ReadOnlySpan<YamlMapping?> metadata)
    {
        var above = source.Line(line - 1).TrimStart();
        return new SuppressionContext(CommentOn(source.Line(line)), above.StartsWith('#') ? above : "", IgnoredRules(metadata));
    }

    public static Suppression? FromComment(SourceText source, int line, string ruleId) => Capture(source, line).For(ruleId);

    /// <summary>Checks the ignore annotation of each metadata mapping given (the object's, the pod template's).</summary>
    public static Suppression? FromAnnotations(string ruleId, params ReadOnlySpan<YamlMapping?> metadata) =>
        (SuppressionContext.None with { IgnoredRules = IgnoredRules(metadata) }).For(ruleId);

    private static List<string> IgnoredRules(ReadOnlySpan<YamlMapping?> metadata)
    {
        var ignored = new List<string>();
        foreach (var meta in metadata)
        {
            if (meta?.ScalarAt("annotations", IgnoreAnnotation) is { } value)
            {
                ignored.AddRange(value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }
        return ignored;
    }

    /// <summary>The comment part of a line: from a `#` that starts the line or follows white space.</summary>
    private static string CommentOn(string line)
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

    /// <summary>The suppression a `manifestguard:ignore` comment gives a rule, or null.</summary>
    internal static Suppression? Match(string comment, string ruleId)
    {
        var at = comment.IndexOf(CommentMarker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var words = comment[(at + CommentMarker.Length)..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var ids = new List<string>();
        var reason = new List<string>();
        foreach (var word in words)
        {
            var parts = word.Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (reason.Count == 0 && parts.Length > 0 && parts.All(IsRuleId))
            {
                ids.AddRange(parts);
            }
            else
            {
                reason.Add(word);
            }
        }
        if (ids.Count > 0 && !ids.Contains(ruleId, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }
        return new Suppression(SuppressionKind.InlineComment, reason.Count > 0 ? string.Join(' ', reason) : "inline comment");
    }

    private static bool IsRuleId(string word) => word.Length == 5 && word.StartsWith("MG", StringComparison.OrdinalIgnoreCase) && word[2..].All(char.IsAsciiDigit);
}
