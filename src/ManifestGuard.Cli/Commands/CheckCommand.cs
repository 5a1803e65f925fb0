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
        var baseline = new Option<string?>("--baseline")
        {
            Description = "Report the findings this file lists (written by `manifestguard baseline`) as suppressed; only new ones fail (default: the configuration's `baseline:`)",
        };

        var reportFiles = new Option<string[]>("--report-file")
        {
            Description = "Also write the report in FORMAT to FILE, from the same scan (FORMAT=FILE, repeatable)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        reportFiles.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!ReportFile.TryParse(token.Value, out _, out var error))
                {
                    result.AddError(error);
                }
            }
        });

        var timeout = CommonOptions.Timeout();

        var command = new Command("check", "Check manifests' image references against the rules and the cluster's image policies")
        {
            paths, config, format, output, failOn, online, baseline, reportFiles, timeout,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            console,
            parse.GetValue(paths) ?? [],
            parse.GetValue(config),
            parse.GetValue(format)!,
            parse.GetValue(output),
            parse.GetValue(failOn),
            parse.GetValue(online),
            parse.GetValue(baseline),
            [.. (parse.GetValue(reportFiles) ?? []).Select(ReportFile.Parse)],
            parse.GetValue(timeout),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        CliConsole console,
        string[] paths,
        string? configPath,
        string format,
        string? outputPath,
        FindingLevel failOn,
        bool online,
        string? baselinePath,
        IReadOnlyList<ReportFile> reportFiles,
        int? timeout,
        CancellationToken cancellationToken)
    {
        var plan = ScanPlan.Prepare(paths, configPath, console.WorkingDirectory, console.Environment("PATH"));
        var givenBaseline = baselinePath is null ? null : Path.GetFullPath(baselinePath, console.WorkingDirectory);
        // The baseline is the tool's own file, not a manifest of the repository.
        plan = plan.WithoutFile(givenBaseline ?? plan.Config.Baseline);
        var stdin = plan.ReadsStdin ? SourceReader.ReadStdin(console.InputStream) : null;
        var scanner = new ManifestScanner(plan.Config, RuleCatalog.Default)
        {
            RepositoryPolicies = RepositoryPolicies.Gather(plan),
        };
        var result = scanner.Scan(plan, stdin);
        IReadOnlyList<string> registryErrors = [];
        if (online)
        {
            // Only here does `check` open a socket: without --online nothing reaches the network.
            using var client = RegistryClients.Create(plan.Config, console, timeout);
            (result, registryErrors) = await OnlineScan.AddAsync(result, new CheckContext(plan.Config, RuleCatalog.Default), client, cancellationToken).ConfigureAwait(false);
        }

        int? baselineFixed = null;
        if ((givenBaseline ?? plan.Config.Baseline) is { } baselineFile)
        {
            var scanned = plan.Inputs.Select(i => i.DisplayPath).Append(SourceText.StdinName).ToHashSet(StringComparer.Ordinal);
            var name = baselinePath ?? Path.GetRelativePath(plan.RootDirectory, baselineFile).Replace('\\', '/');
            var compared = BaselineComparison.Apply(BaselineFile.Read(baselineFile, name), result.Findings, name, scanned);
            result = result with { Findings = compared.Findings };
            baselineFixed = compared.Fixed;
        }

        var report = new ScanReport(result.Findings, result.Sources, result.RootDirectory, RuleCatalog.Default)
        {
            FilesChecked = result.FilesScanned,
            BaselineFixed = baselineFixed,
        };
        var writer = ReportFormats.Writer(format, color: outputPath is null && Terminal.UseColor(console));
        if (outputPath is null)
        {
            writer.Write(report, console.Out);
        }
        else
        {
            OutputFile.Write(outputPath, w => writer.Write(report, w), console.WorkingDirectory);
            var summary = Reporting.Text.TextReportWriter.Summary(result.Findings, result.FilesScanned);
            console.Error.WriteLine($"{summary} Report written to {outputPath}.");
        }
        foreach (var reportFile in reportFiles)
        {
            var other = ReportFormats.Writer(reportFile.Format, color: false);
            OutputFile.Write(reportFile.Path, w => other.Write(report, w), console.WorkingDirectory);
        }
        if ((outputPath is not null || format != "text") && Reporting.Text.TextReportWriter.BaselineFixedNote(baselineFixed) is { } note)
        {
            console.Error.WriteLine(note);
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
