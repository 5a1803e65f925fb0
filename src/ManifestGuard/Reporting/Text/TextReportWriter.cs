using ManifestGuard.Findings;

namespace ManifestGuard.Reporting.Text;

/// <summary>
/// The terminal report: `file:line:col: level RULE name: message`, the offending line with a caret
/// under the scalar, and a summary. Suppressed findings are counted, not shown.
/// </summary>
internal sealed class TextReportWriter(bool color) : IReportWriter
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";

    /// <summary>Longer lines (minified JSON, hostile files) are not quoted under the finding: the location says where.</summary>
    private const int MaxQuotedLine = 400;

    public void Write(ScanReport report, TextWriter output)
    {
        var shown = report.Findings.Where(f => !f.IsSuppressed).ToList();
        foreach (var finding in shown)
        {
            var rule = report.Catalog.Find(finding.RuleId);
            var level = finding.Level.Name();
            // File names and messages can carry text from the scanned files: never let it reach the terminal raw.
            output.WriteLine($"{Paint(Bold, $"{MessageText.Escape(finding.File)}:{finding.Span.StartLine}:{finding.Span.StartColumn}:")} {Paint(LevelColor(finding.Level), level)} {finding.RuleId} {rule?.Name}: {MessageText.Escape(finding.Message)}");
            if (report.Sources.TryGetValue(finding.File, out var source) && source.Line(finding.Span.StartLine) is { Length: > 0 and <= MaxQuotedLine } line
                && !MessageText.HasControlCharacters(line.Replace('\t', ' ')))
            {
                var gutter = finding.Span.StartLine.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var width = finding.Span.EndLine == finding.Span.StartLine ? Math.Max(1, finding.Span.EndColumn - finding.Span.StartColumn) : Math.Max(1, line.Length - finding.Span.StartColumn + 1);
                var indent = new string(' ', Math.Max(0, finding.Span.StartColumn - 1));
                output.WriteLine($"{Paint(Dim, $" {gutter} |")} {line.Replace('\t', ' ')}");
                output.WriteLine($"{Paint(Dim, $" {new string(' ', gutter.Length)} |")} {indent}{Paint(LevelColor(finding.Level), new string('^', width))}");
            }
        }
        output.WriteLine(Summary(report.Findings, report.FilesChecked));
        if (BaselineFixedNote(report.BaselineFixed) is { } note)
        {
            output.WriteLine(note);
        }
    }

    /// <summary>Says how much of the baseline is fixed, so it gets shrunk; null when nothing is.</summary>
    public static string? BaselineFixedNote(int? fixedCount) => fixedCount switch
    {
        null or 0 => null,
        1 => "1 baselined finding is fixed; run `manifestguard baseline` to shrink it.",
        _ => $"{fixedCount} baselined findings are fixed; run `manifestguard baseline` to shrink it.",
    };

    public static string Summary(IReadOnlyList<Finding> findings) => Summary(findings, filesChecked: null);

    /// <summary>
    /// One line: the findings by level and how many of the files checked they are in; with no finding,
    /// how many files were checked, so an empty folder or a glob that matches nothing does not pass unnoticed.
    /// </summary>
    public static string Summary(IReadOnlyList<Finding> findings, int? filesChecked)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var active = findings.Where(f => !f.IsSuppressed).ToList();
        var files = active.Select(f => f.File).Distinct(StringComparer.Ordinal).Count();
        var baselined = findings.Count(f => f.Suppression?.Kind == SuppressionKind.Baseline);
        var suppressed = findings.Count - active.Count - baselined;
        var hidden = (suppressed, baselined) switch
        {
            (0, 0) => "",
            (_, 0) => $" ({suppressed} suppressed)",
            (0, _) => $" ({baselined} in the baseline)",
            _ => $" ({suppressed} suppressed, {baselined} in the baseline)",
        };
        if (active.Count == 0)
        {
            return filesChecked switch
            {
                null => $"No findings{hidden}.",
                0 => "No findings: 0 files checked (no file under the paths given matches the include globs).",
                _ => $"No findings in {Count(filesChecked.Value, "file")} checked{hidden}.",
            };
        }
        string CountOf(FindingLevel level, string what) => Count(active.Count(f => f.Level == level), what);
        var levels = $"{CountOf(FindingLevel.Error, "error")}, {CountOf(FindingLevel.Warning, "warning")}, {CountOf(FindingLevel.Note, "note")}";
        var where = filesChecked is { } total ? $"{files} of {Count(total, "file")} checked" : Count(files, "file");
        return $"{levels} in {where}{hidden}.";
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    private string Paint(string code, string text) => color ? code + text + Reset : text;

    private static string LevelColor(FindingLevel level) => level switch
    {
        FindingLevel.Error => "\u001b[31m",
        FindingLevel.Warning => "\u001b[33m",
        _ => "\u001b[36m",
    };
}
