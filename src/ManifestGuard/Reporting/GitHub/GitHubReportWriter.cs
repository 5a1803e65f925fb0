using System.Globalization;
using System.Text;
using ManifestGuard.Findings;

namespace ManifestGuard.Reporting.GitHub;

/// <summary>
/// Writes GitHub Actions workflow commands (`::error file=…,line=…::message`) that the runner turns
/// into annotations on the diff, for workflows that do not upload SARIF. Suppressed findings and
/// rules turned off are not annotated: an annotation is a call to act, and those need none.
/// </summary>
internal sealed class GitHubReportWriter : IReportWriter
{
    public void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var finding in report.Findings)
        {
            if (Command(finding) is not { } command)
            {
                continue;
            }
            var rule = report.Catalog.Find(finding.RuleId);
            var title = rule is null ? finding.RuleId : $"{finding.RuleId} {rule.Name}";
            // The runner reads one command per line, whatever the platform's newline.
            output.Write(Format(command, finding, title));
            output.Write('\n');
        }
    }

    /// <summary>One workflow command for a finding that is to be annotated.</summary>
    private static string Format(string command, Finding finding, string title)
    {
        var span = finding.Span;
        var builder = new StringBuilder("::").Append(command);
        builder.Append(" file=").Append(EscapeProperty(finding.File));
        builder.Append(",line=").Append(span.StartLine.ToString(CultureInfo.InvariantCulture));
        // GitHub accepts columns only for an annotation on a single line.
        if (span.EndLine == span.StartLine)
        {
            builder.Append(",col=").Append(span.StartColumn.ToString(CultureInfo.InvariantCulture));
            builder.Append(",endLine=").Append(span.EndLine.ToString(CultureInfo.InvariantCulture));
            builder.Append(",endColumn=").Append(span.EndColumn.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            builder.Append(",endLine=").Append(span.EndLine.ToString(CultureInfo.InvariantCulture));
        }
        builder.Append(",title=").Append(EscapeProperty(title));
        builder.Append("::").Append(EscapeData(finding.Message));
        return builder.ToString();
    }

    /// <summary>
    /// Escapes a command's message as the runner unescapes it: `%` first, so that the escapes
    /// added for line breaks are not themselves escaped; a raw line break would end the command.
    /// </summary>
    public static string EscapeData(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);
    }

    /// <summary>
    /// Escapes a property value: as data, plus `:` and `,`, which would otherwise end the value (a
    /// file named `a,b.yaml` or a title with a colon would cut the command short).
    /// </summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);

    private static string? Command(Finding finding) => finding.IsSuppressed
        ? null
        : finding.Level switch
        {
            FindingLevel.Error => "error",
            FindingLevel.Warning => "warning",
            FindingLevel.Note => "notice",
            _ => null,
        };
}
