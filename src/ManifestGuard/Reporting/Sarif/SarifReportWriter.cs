using System.Text.Json;
using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Reporting.Sarif;

/// <summary>
/// Writes SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Suppressed findings are
/// written too, with a `suppressions` entry, so a viewer can show what was waived and why. The log is
/// written as a stream: the rules and small pieces through the source-generated models, and the results
/// one at a time as they are built, so no whole log is ever held in memory.
/// </summary>
internal sealed class SarifReportWriter : IReportWriter
{
    /// <summary>The base every result URI is relative to; `originalUriBaseIds` says where it is on disk.</summary>
    public const string SourceRootBaseId = "%SRCROOT%";

    public const string ToolName = "ManifestGuard";

    public const string InformationUri = "https://github.com/manifestguard/manifestguard";

    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public const string SarifVersion = "2.1.0";

    // Every rule matches a grammar or a policy exactly; there is no heuristic that could misfire.
    private const string Precision = "very-high";

    private readonly string _toolVersion;

    public SarifReportWriter()
        : this(ToolVersion.Current)
    {
    }

    /// <param name="toolVersion">The version to name the tool by; tests pin it so logs do not change with releases.</param>
    public SarifReportWriter(string toolVersion)
    {
        _toolVersion = toolVersion;
    }

    public void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rules = report.Catalog.Rules;
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            ruleIndex[rules[i].Id] = i;
        }
        var driver = new SarifToolComponent(
            ToolName, InformationUri, _toolVersion, _toolVersion, [.. rules.Select(Descriptor)]);
        var files = report.Findings.Select(f => f.File).Distinct(StringComparer.Ordinal).ToList();

        StreamedJsonReport.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", SchemaUri);
            writer.WriteString("version", SarifVersion);
            writer.WriteStartArray("runs");
            writer.WriteStartObject();
            writer.WritePropertyName("tool");
            JsonSerializer.Serialize(writer, new SarifTool(driver), SarifJsonContext.Output.SarifTool);
            writer.WriteStartObject("originalUriBaseIds");
            writer.WritePropertyName(SourceRootBaseId);
            var root = new SarifArtifactLocation(SarifUri.Directory(report.RootDirectory));
            JsonSerializer.Serialize(writer, root, SarifJsonContext.Output.SarifArtifactLocation);
            writer.WriteEndObject();
            if (files.Count > 0)
            {
                writer.WriteStartArray("artifacts");
                foreach (var file in files)
                {
                    var artifact = new SarifArtifact(ArtifactLocation(file));
                    JsonSerializer.Serialize(writer, artifact, SarifJsonContext.Output.SarifArtifact);
                }
                writer.WriteEndArray();
            }
            writer.WriteStartArray("results");
            foreach (var finding in report.Findings)
            {
                WriteResult(writer, finding, ruleIndex);
                StreamedJsonReport.FlushWhenFull(writer);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>One element of `results`: everything the log says about one finding is decided here.</summary>
    private static void WriteResult(Utf8JsonWriter writer, Finding finding, Dictionary<string, int> ruleIndex) =>
        JsonSerializer.Serialize(writer, Result(finding, ruleIndex), SarifJsonContext.Output.SarifResult);

    private static SarifReportingDescriptor Descriptor(RuleDescriptor rule) => new(
        rule.Id,
        rule.Name,
        new SarifMessage(rule.ShortDescription),
        new SarifMessage(rule.FullDescription),
        // Viewers without Markdown show the text, so the text is the same help, not a stub.
        new SarifMessage(rule.HelpMarkdown, rule.HelpMarkdown),
        rule.HelpUri,
        new SarifReportingConfiguration(rule.DefaultLevel.Name()),
        new SarifRuleProperties(rule.Tags, Precision, rule.SecuritySeverity));

    private static SarifResult Result(Finding finding, Dictionary<string, int> ruleIndex)
    {
        var artifact = ArtifactLocation(finding.File);
        SarifLogicalLocation[]? logical = finding.Resource is { } resource
            ? [new SarifLogicalLocation(resource.Name, resource.ToString(), "resource")]
            : null;
        return new SarifResult(
            finding.RuleId,
            ruleIndex.TryGetValue(finding.RuleId, out var index) ? index : null,
            finding.Level.Name(),
            new SarifMessage(finding.Message),
            [new SarifLocation(new SarifPhysicalLocation(artifact, Region(finding.Span)), logical)],
            new Dictionary<string, string>(StringComparer.Ordinal) { [SarifFingerprint.Key] = SarifFingerprint.Compute(finding) },
            finding.Suppression is { } suppression ? [Suppression(suppression)] : null,
            finding.Fix is { } fix ? [Fix(fix, artifact)] : null,
            Properties(finding),
            finding.Baseline switch
            {
                BaselineState.New => "new",
                BaselineState.Unchanged => "unchanged",
                _ => null,
            });
    }

    /// <summary>
    /// Relative to the scan root; a file outside it (named by an absolute path) gets its own absolute
    /// `file:` URI and no base, so no URI relative to the root ever climbs out of it.
    /// </summary>
    private static SarifArtifactLocation ArtifactLocation(string file) =>
        SarifUri.IsAbsolute(file) ? new(SarifUri.File(file)) : new(SarifUri.Relative(file), SourceRootBaseId);

    private static SarifRegion Region(SourceSpan span) => new(span.StartLine, span.StartColumn, span.EndLine, span.EndColumn);

    private static SarifSuppression Suppression(Suppression suppression) => new(
        suppression.Kind == SuppressionKind.InlineComment ? "inSource" : "external",
        string.IsNullOrWhiteSpace(suppression.Justification) ? null : suppression.Justification);

    private static SarifFix Fix(FindingFix fix, SarifArtifactLocation artifact) => new(
        new SarifMessage(fix.Description),
        [new SarifArtifactChange(artifact, [new SarifReplacement(Region(fix.Span), new SarifArtifactContent(fix.Replacement))])]);

    private static SarifResultProperties? Properties(Finding finding)
    {
        var properties = new SarifResultProperties(
            finding.Image,
            finding.NormalizedImage,
            finding.Container,
            finding.Field,
            finding.Resource?.ToString(),
            finding.Policy);
        // An empty property bag says nothing; leave it out.
        return properties == new SarifResultProperties(null, null, null, null, null, null) ? null : properties;
    }
}
