using System.Text.Json;
using ManifestGuard.Findings;

namespace ManifestGuard.Reporting.Json;

/// <summary>Writes our own JSON report, for scripts that want every field without SARIF's nesting.</summary>
internal sealed class JsonReportWriter : IReportWriter
{
    private readonly string _toolVersion;

    public JsonReportWriter()
        : this(ToolVersion.Current)
    {
    }

    /// <param name="toolVersion">The version to name the tool by; tests pin it so reports do not change with releases.</param>
    public JsonReportWriter(string toolVersion)
    {
        _toolVersion = toolVersion;
    }

    public void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(JsonSerializer.Serialize(Build(report), JsonReportContext.Output.JsonReport));
        output.Write('\n');
    }

    public JsonReport Build(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var active = report.Findings.Where(f => !f.IsSuppressed).ToList();
        var summary = new JsonReportSummary(
            active.Count(f => f.Level == FindingLevel.Error),
            active.Count(f => f.Level == FindingLevel.Warning),
            active.Count(f => f.Level == FindingLevel.Note),
            report.Findings.Count(f => f.IsSuppressed));
        return new JsonReport(_toolVersion, [.. report.Findings.Select(Finding)], summary);
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
            : null);

    private static string SuppressionKindName(SuppressionKind kind) => kind switch
    {
        SuppressionKind.InlineComment => "inlineComment",
        SuppressionKind.ResourceAnnotation => "resourceAnnotation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
