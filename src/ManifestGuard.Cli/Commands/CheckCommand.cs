using System.CommandLine;
using ManifestGuard.Analysis;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Reporting;
using ManifestGuard.Rules;

namespace ManifestGuard.Cli.Commands;

/// <summary>`check`: scan, report, and exit 1 when a finding reaches `--fail-on`.</summary>
internal static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = CommonOptions.Paths();
        var config = CommonOptions.Config();
        var format = CommonOptions.Format("text", ReportFormats.Names);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of stdout" };
        var failOn = CommonOptions.FailOn();
        var online = new Option<bool>("--online") { Description = "Ask registries whether pinned digests still match their tags and whether images exist" };

        var command = new Command("check", "Check manifests' image references against the rules and the cluster's image policies")
        {
            paths, config, format, output, failOn, online,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            console,
            parse.GetValue(paths) ?? [],
            parse.GetValue(config),
            parse.GetValue(format)!,
            parse.GetValue(output),
            parse.GetValue(failOn),
            parse.GetValue(online),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string[] paths, string? configPath, string format, string? outputPath, FindingLevel failOn, bool online, CancellationToken cancellationToken)
    {
        var plan = ScanPlan.Prepare(paths, configPath, console.WorkingDirectory);
        var stdin = plan.ReadsStdin ? SourceReader.ReadStdin(console.In) : null;
        var result = new ManifestScanner(plan.Config, RuleCatalog.Default).Scan(plan.Inputs, plan.RootDirectory, stdin);
        IReadOnlyList<string> registryErrors = [];
        if (online)
        {
            // Only here does `check` open a socket: without --online nothing reaches the network.
            using var client = RegistryClients.Create(plan.Config);
            (result, registryErrors) = await OnlineScan.AddAsync(result, new CheckContext(plan.Config, RuleCatalog.Default), client, cancellationToken).ConfigureAwait(false);
        }

        var report = new ScanReport(result.Findings, result.Sources, result.RootDirectory, RuleCatalog.Default);
        var writer = ReportFormats.Writer(format, color: outputPath is null && Terminal.UseColor(console));
        if (outputPath is null)
        {
            writer.Write(report, console.Out);
        }
        else
        {
            OutputFile.Write(outputPath, w => writer.Write(report, w));
            console.Error.WriteLine($"{Reporting.Text.TextReportWriter.Summary(result.Findings)} Report written to {outputPath}.");
        }
        foreach (var error in registryErrors)
        {
            await console.Error.WriteLineAsync(error).ConfigureAwait(false);
        }
        if (registryErrors.Count > 0)
        {
            return ExitCodes.RuntimeFailure;
        }
        return FailurePolicy.Fails(result.Findings, failOn) ? ExitCodes.Findings : ExitCodes.Success;
    }
}
