using System.CommandLine;
using ManifestGuard.Findings;
using ManifestGuard.Rules;

namespace ManifestGuard.Cli.Commands;

/// <summary>`explain RULE-ID`: one rule's full help, as written in its file in `rules/`.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliConsole console)
    {
        var ruleId = new Argument<string>("RULE-ID") { Description = "A rule id such as MG101, or its name such as image-not-pinned" };
        var command = new Command("explain", "Show one rule's full help") { ruleId };
        command.SetAction(parse =>
        {
            var wanted = parse.GetValue(ruleId)!;
            var rule = RuleCatalog.Default.Find(wanted)
                ?? RuleCatalog.Default.Rules.FirstOrDefault(r => r.Name.Equals(wanted, StringComparison.OrdinalIgnoreCase));
            if (rule is null)
            {
                console.Error.WriteLine($"manifestguard: no rule \"{wanted}\"; `manifestguard rules` lists them");
                return ExitCodes.UsageOrConfiguration;
            }
            console.Out.WriteLine($"{rule.Id} {rule.Name} (default level: {rule.DefaultLevel.Name()}, security severity {rule.SecuritySeverity})");
            console.Out.WriteLine();
            console.Out.WriteLine(rule.FullDescription);
            console.Out.WriteLine();
            console.Out.Write(rule.HelpMarkdown);
            return ExitCodes.Success;
        });
        return command;
    }
}
