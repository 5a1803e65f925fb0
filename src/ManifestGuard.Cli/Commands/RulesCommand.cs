using System.CommandLine;
using System.Text.Json;
using ManifestGuard.Findings;
using ManifestGuard.Rules;

namespace ManifestGuard.Cli.Commands;

/// <summary>`rules`: the catalog, from the rule files embedded at build time.</summary>
internal static class RulesCommand
{
    public static Command Create(CliConsole console)
    {
        var format = CommonOptions.Format("text", "text", "json");
        var command = new Command("rules", "List the rule catalog") { format };
        command.SetAction(parse =>
        {
            var catalog = RuleCatalog.Default;
            if (parse.GetValue(format) == "json")
            {
                WriteJson(catalog, console.OutputStream);
            }
            else
            {
                foreach (var rule in catalog.Rules)
                {
                    console.Out.WriteLine($"{rule.Id}  {rule.DefaultLevel.Name(),-7}  {rule.Name,-28}  {rule.ShortDescription}");
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }

    public static void WriteJson(RuleCatalog catalog, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach (var rule in catalog.Rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", rule.Name);
            json.WriteString("defaultLevel", rule.DefaultLevel.Name());
            json.WriteString("shortDescription", rule.ShortDescription);
            json.WriteString("fullDescription", rule.FullDescription);
            json.WriteString("securitySeverity", rule.SecuritySeverity);
            json.WriteStartArray("tags");
            foreach (var tag in rule.Tags)
            {
                json.WriteStringValue(tag);
            }
            json.WriteEndArray();
            json.WriteString("helpUri", rule.HelpUri);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}
