using System.Text.Json;
using ManifestGuard.Findings;

namespace ManifestGuard.Reporting.Json;

/// <summary>
/// Writes our own JSON report, for scripts that want every field without SARIF's nesting:
/// `{"version", "findings": [...], "summary"}`, every finding (suppressed ones included) in report
/// order. The findings are written one at a time as they are turned into models, never held as a list.
/// </summary>
internal sealed class JsonReportWriter : IReportWriter
{
    private readonly string _toolVersion;

    public JsonReportWriter()
        : this(ToolVersion.Current)
    {
    }

    /// <param name="toolVersion">The version to name the tool by; tests pin it so reports do not change with
    /// releases.</param>
    public JsonReportWriter(string toolVersion)
    {
        _toolVersion = toolVersion;
    }

    public void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        StreamedJsonReport.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("version", _toolVersion);
            writer.WriteStartArray("findings");
            foreach (var finding in report.Findings)
            {
                WriteFinding(writer, finding);
                StreamedJsonReport.FlushWhenFull(writer);
            }
            writer.WriteEndArray();
            writer.WritePropertyName("summary");
            JsonSerializer.Serialize(writer, Summary(report), JsonReportContext.Output.JsonReportSummary);
            writer.WriteEndObject();
        });
    }

    /// <summary>One element of `findings`: everything the report says about one finding is decided here.</summary>
    private static void WriteFinding(Utf8JsonWriter writer, Finding finding) =>
        JsonSerializer.Serialize(writer, Finding(finding), JsonReportContext.Output.JsonReportFinding);

    private static JsonReportSummary Summary(ScanReport report)
    {
        var findings = report.Findings;
        return new JsonReportSummary(
            findings.Count(f => !f.IsSuppressed && f.Level == FindingLevel.Error),
            findings.Count(f => !f.IsSuppressed && f.Level == FindingLevel.Warning),
            findings.Count(f => !f.IsSuppressed && f.Level == FindingLevel.Note),
            findings.Count(f => f.IsSuppressed && f.Suppression?.Kind != SuppressionKind.Baseline),
            report.BaselineFixed is null ? null : findings.Count(f => f.Suppression?.Kind == SuppressionKind.Baseline),
            report.BaselineFixed);
    }

    private static JsonReportFinding Finding(Finding finding) => new(
        finding.RuleId,
        finding.Level.Name(),
        finding.Message,
        finding.File,
        finding.Span.StartLine,
        finding.Span.StartColumn,
        finding.Span.EndLine,
        finding.Span.EndColumn,
        finding.Resource is { } r ? new JsonReportResource(r.ApiVersion, r.Kind, r.Namespace, r.Name) : null,
        finding.Container,
        finding.Field,
        finding.Image,
        finding.NormalizedImage,
        finding.Policy,
        finding.IsSuppressed,
        finding.Suppression is { } s ? new JsonReportSuppression(SuppressionKindName(s.Kind), s.Justification) : null,
        finding.Fix is { } fix
            ? new JsonReportFix(fix.Description, fix.Span.StartLine, fix.Span.StartColumn, fix.Span.EndLine, fix.Span.EndColumn, fix.Replacement)
            : null,
        finding.Baseline switch
        {
            BaselineState.New => "new",
            BaselineState.Unchanged => "unchanged",
            _ => null,
        });

    private static string SuppressionKindName(SuppressionKind kind) => kind switch
    {
        SuppressionKind.InlineComment => "inlineComment",
        SuppressionKind.ResourceAnnotation => "resourceAnnotation",
        SuppressionKind.Baseline => "baseline",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
