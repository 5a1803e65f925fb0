using System.CommandLine;
using ManifestGuard.Analysis;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Reporting;
using ManifestGuard.Rules;

namespace ManifestGuard.Cli.Commands;

/// <summary>`check`: scan, report, and exit 1 when a finding reaches `--fail-on`.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var paths = CommonOptions.Paths();
        var config = CommonOptions.Config();
        var format = CommonOptions.Format("text", ReportFormats.Names);
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of stdout" };
        var failOn = new Option<string>("--fail-on") { Description = "Exit 1 when a finding is at this level or above", DefaultValueFactory = _ => "error" };
        failOn.AcceptOnlyFromAmong("error", "warning", "note", "none");
        var online = new Option<bool>("--online") { Description = "Ask registries whether pinned digests still match their tags and whether images exist" };

        var timeout = CommonOptions.Timeout();

        var command = new Command("check", "Check manifests' image references against the rules and the cluster's image policies")
        {
            paths, config, format, output, failOn, online, timeout,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(paths) ?? [],
            parse.GetValue(config),
            parse.GetValue(format)!,
            parse.GetValue(output),
            parse.GetValue(failOn)!,
            parse.GetValue(online),
            parse.GetValue(timeout),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, string? configPath, string format, string? outputPath, string failOn, bool online, int? timeout, CancellationToken cancellationToken)
    {
        var plan = ScanPlan.Prepare(paths, configPath, Environment.CurrentDirectory);
        var stdin = plan.ReadsStdin ? SourceReader.ReadStdin(Console.In) : null;
        var result = new ManifestScanner(plan.Config, RuleCatalog.Default).Scan(plan.Inputs, plan.RootDirectory, stdin);
        IReadOnlyList<string> registryErrors = [];
        if (online)
        {
            // Only here does `check` open a socket: without --online nothing reaches the network.
            using var client = RegistryClients.Create(plan.Config, timeout);
            (result, registryErrors) = await OnlineScan.AddAsync(result, new CheckContext(plan.Config, RuleCatalog.Default), client, cancellationToken).ConfigureAwait(false);
        }

        var report = new ScanReport(result.Findings, result.Sources, result.RootDirectory, RuleCatalog.Default);
        var writer = ReportFormats.Writer(format, color: outputPath is null && Terminal.UseColor);
        OutputFile.Write(outputPath, w => writer.Write(report, w));
        if (outputPath is not null)
        {
            Console.Error.WriteLine($"{Reporting.Text.TextReportWriter.Summary(result.Findings)} Report written to {outputPath}.");
        }
        foreach (var error in registryErrors)
        {
            await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
        }
        if (registryErrors.Count > 0)
        {
            return ExitCodes.RuntimeFailure;
        }
        return Fails(result.Findings, failOn) ? ExitCodes.Findings : ExitCodes.Success;
    }

    /// <summary>True when an unsuppressed finding is at the `--fail-on` level or above.</summary>
    public static bool Fails(IEnumerable<Finding> findings, string failOn)
    {
        if (!FindingLevels.TryParse(failOn, out var threshold) || threshold == FindingLevel.Off)
        {
            return false;
        }
        return findings.Any(f => !f.IsSuppressed && f.Level >= threshold);
    }
}
