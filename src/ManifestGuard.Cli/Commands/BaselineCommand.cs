using System.CommandLine;
using ManifestGuard.Analysis;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Rules;

namespace ManifestGuard.Cli.Commands;

/// <summary>`baseline`: writes today's findings to a file, so a team can adopt the tool and fail only on new findings.</summary>
internal static class BaselineCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = CommonOptions.Paths();
        var config = CommonOptions.Config();
        var output = new Option<string?>("--output", "-o")
        {
            Description = $"Where to write the baseline (default: the configuration's `baseline:`, else {BaselineFile.DefaultFileName} in the repository root)",
        };
        var command = new Command("baseline", "Write today's findings to a baseline file; `check --baseline FILE` then fails only on new findings")
        {
            paths, config, output,
        };
        command.SetAction(parse => Run(console, parse.GetValue(paths) ?? [], parse.GetValue(config), parse.GetValue(output)));
        return command;
    }

    private static int Run(CliConsole console, string[] paths, string? configPath, string? outputPath)
    {
        var plan = ScanPlan.Prepare(paths, configPath, console.WorkingDirectory, console.Environment("PATH"));
        var target = outputPath is not null ? Path.GetFullPath(outputPath, console.WorkingDirectory) : plan.Config.Baseline ?? Path.Combine(plan.RootDirectory, BaselineFile.DefaultFileName);
        // The baseline being replaced is the tool's own file, not a manifest of the repository.
        plan = plan.WithoutFile(target);
        var stdin = plan.ReadsStdin ? SourceReader.ReadStdin(console.InputStream) : null;
        var result = new ManifestScanner(plan.Config, RuleCatalog.Default).Scan(plan, stdin);
        var baseline = BaselineFile.Of(result.Findings);
        OutputFile.Write(target, baseline.Write, console.WorkingDirectory);
        var count = baseline.Findings.Count == 1 ? "1 finding" : $"{baseline.Findings.Count} findings";
        var shown = outputPath ?? Path.GetRelativePath(console.WorkingDirectory, target);
        var check = plan.Config.Baseline is not null && outputPath is null ? "`manifestguard check`" : $"`manifestguard check --baseline {shown}`";
        console.Error.WriteLine($"Wrote {count} to {shown}; {check} now fails only on new findings.");
        return ExitCodes.Success;
    }
}
