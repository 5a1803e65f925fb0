using System.CommandLine;
using System.Text.Json;
using ManifestGuard.Analysis;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Workloads;

namespace ManifestGuard.Cli.Commands;

/// <summary>
/// `images`: the inventory of every image reference, where it is and what it normalizes to; images of
/// kustomization roots and charts as rendered, once per render, with the root or chart variant. Files it
/// could not read or parse are reported on stderr as `check` reports them (MG901), and the exit code is
/// then 1: an inventory with holes must not pass for a complete one.
/// </summary>
internal static class ImagesCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = CommonOptions.Paths();
        var config = CommonOptions.Config();
        var format = CommonOptions.Format("text", "text", "json");
        var command = new Command("images", "List every image reference in the manifests") { paths, config, format };
        command.SetAction(parse =>
        {
            var plan = ScanPlan.Prepare(
                parse.GetValue(paths) ?? [],
                parse.GetValue(config),
                console.WorkingDirectory,
                console.Environment("PATH"));
            var stdin = plan.ReadsStdin ? SourceReader.ReadStdin(console.InputStream) : null;
            var result = new ManifestScanner(plan.Config, RuleCatalog.Default).Scan(plan, stdin);
            var images = result.Images
                .OrderBy(i => i.File, StringComparer.Ordinal)
                .ThenBy(i => i.Span.StartOffset)
                .ToList();
            if (parse.GetValue(format) == "json")
            {
                WriteJson(images, console.OutputStream);
            }
            else
            {
                WriteText(images, console.Out);
            }
            var problems = result.Findings
                .Where(f => f.RuleId == RuleIds.ManifestParseError && !f.IsSuppressed)
                .ToList();
            foreach (var problem in problems)
            {
                var where = $"{MessageText.Escape(problem.File)}:{problem.Span.StartLine}:{problem.Span.StartColumn}";
                var rule = $"{problem.Level.Name()} {problem.RuleId} {RuleCatalog.Default.Find(problem.RuleId)?.Name}";
                console.Error.WriteLine($"{where}: {rule}: {MessageText.Escape(problem.Message)}");
            }
            var notRead = problems.Count > 0 ? $", {Count(problems.Count, "file")} not read or parsed" : "";
            var checkedFiles = Count(result.FilesScanned, "file");
            console.Error.WriteLine($"{Count(images.Count, "image reference")} in {checkedFiles} checked{notRead}.");
            return problems.Any(p => p.Level == FindingLevel.Error) ? ExitCodes.Findings : ExitCodes.Success;
        });
        return command;
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    public static void WriteText(IReadOnlyList<ScannedImage> images, TextWriter output)
    {
        foreach (var image in images)
        {
            var where = $"{image.File}:{image.Span.StartLine}:{image.Span.StartColumn}";
            var what = image.Reference?.Normalized
                ?? (image.NotEvaluated is { } reason ? $"not evaluated: {reason}" : $"invalid: {image.Error}");
            var from = image.Placement is { } placement ? $"\t{placement.Origin}" : "";
            output.WriteLine($"{where}\t{image.Resource}\t{image.Container}\t{image.Raw}\t{what}{from}");
        }
    }

    /// <summary>One object per reference, with the fields README lists; written field by field, so no reflection.</summary>
    public static void WriteJson(IReadOnlyList<ScannedImage> images, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach (var image in images)
        {
            var reference = image.Reference;
            json.WriteStartObject();
            json.WriteString("file", image.File);
            json.WriteNumber("line", image.Span.StartLine);
            json.WriteNumber("column", image.Span.StartColumn);
            json.WriteString("kind", image.Resource.Kind);
            json.WriteString("namespace", image.Resource.Namespace);
            json.WriteString("name", image.Resource.Name);
            json.WriteString("container", image.Container);
            json.WriteString("field", image.Field);
            json.WriteString("raw", image.Raw);
            json.WriteString("registry", reference?.Registry);
            json.WriteString("repository", reference?.Repository);
            json.WriteString("tag", reference?.Tag);
            json.WriteString("digest", reference?.Digest);
            json.WriteString("normalized", reference?.Normalized);
            if (image.Placement is { } placement)
            {
                json.WriteString("renderedFrom", placement.Origin);
            }
            if (image.Error is not null)
            {
                json.WriteString("error", image.Error);
            }
            if (image.NotEvaluated is not null)
            {
                json.WriteString("notEvaluated", image.NotEvaluated);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}
