using System.CommandLine;
using System.Text.Json;
using ManifestGuard.Analysis;
using ManifestGuard.Discovery;
using ManifestGuard.Rules;
using ManifestGuard.Workloads;

namespace ManifestGuard.Cli.Commands;

/// <summary>`images`: the inventory of every image reference, where it is and what it normalizes to.</summary>
public static class ImagesCommand
{
    public static Command Create()
    {
        var paths = CommonOptions.Paths();
        var config = CommonOptions.Config();
        var format = CommonOptions.Format("text", "text", "json");
        var command = new Command("images", "List every image reference in the manifests") { paths, config, format };
        command.SetAction(parse =>
        {
            var plan = ScanPlan.Prepare(parse.GetValue(paths) ?? [], parse.GetValue(config), Environment.CurrentDirectory);
            var stdin = plan.ReadsStdin ? SourceReader.ReadStdin(Console.In) : null;
            var result = new ManifestScanner(plan.Config, RuleCatalog.Default).Scan(plan.Inputs, plan.RootDirectory, stdin);
            var images = result.Images
                .OrderBy(i => i.Pod.Owner.Source.DisplayPath, StringComparer.Ordinal)
                .ThenBy(i => i.Scalar.Span.StartOffset)
                .ToList();
            using var stdout = Console.OpenStandardOutput();
            if (parse.GetValue(format) == "json")
            {
                WriteJson(images, stdout);
            }
            else
            {
                using var writer = new StreamWriter(stdout);
                WriteText(images, writer);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    public static void WriteText(IReadOnlyList<ImageOccurrence> images, TextWriter output)
    {
        foreach (var image in images)
        {
            var where = $"{image.Pod.Owner.Source.DisplayPath}:{image.Scalar.Span.StartLine}:{image.Scalar.Span.StartColumn}";
            var what = image.Reference?.Normalized ?? $"invalid: {image.Error}";
            output.WriteLine($"{where}\t{image.Pod.Owner.Identity}\t{image.Container}\t{image.Raw}\t{what}");
        }
    }

    /// <summary>One object per reference, with the fields DESIGN.md lists; written field by field, so no reflection.</summary>
    public static void WriteJson(IReadOnlyList<ImageOccurrence> images, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach (var image in images)
        {
            var owner = image.Pod.Owner;
            var reference = image.Reference;
            json.WriteStartObject();
            json.WriteString("file", owner.Source.DisplayPath);
            json.WriteNumber("line", image.Scalar.Span.StartLine);
            json.WriteNumber("column", image.Scalar.Span.StartColumn);
            json.WriteString("kind", owner.Identity.Kind);
            json.WriteString("namespace", owner.Identity.Namespace);
            json.WriteString("name", owner.Identity.Name);
            json.WriteString("container", image.Container);
            json.WriteString("field", image.Field);
            json.WriteString("raw", image.Raw);
            json.WriteString("registry", reference?.Registry);
            json.WriteString("repository", reference?.Repository);
            json.WriteString("tag", reference?.Tag);
            json.WriteString("digest", reference?.Digest);
            json.WriteString("normalized", reference?.Normalized);
            if (image.Error is not null)
            {
                json.WriteString("error", image.Error);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}
