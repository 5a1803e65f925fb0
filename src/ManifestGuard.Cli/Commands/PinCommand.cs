using System.CommandLine;
using ManifestGuard.Analysis;
using ManifestGuard.Pinning;
using Microsoft.Extensions.FileSystemGlobbing;

namespace ManifestGuard.Cli.Commands;

/// <summary>
/// `pin`: resolve every tag-only reference to the digest its tag points at and write `name:tag@digest`
/// in place, touching no other byte. Nothing is written unless every reference resolved (exit 3).
/// With `-`, the pinned stream goes to stdout.
/// </summary>
internal static class PinCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = CommonOptions.Paths();
        var config = CommonOptions.Config();
        var dryRun = new Option<bool>("--dry-run") { Description = "Resolve and report, but write nothing" };
        var diff = new Option<bool>("--diff") { Description = "Print a unified diff of the changes" };
        var command = new Command("pin", "Pin image tags to the digests they point at, in place") { paths, config, dryRun, diff };
        command.SetAction((parse, cancellationToken) => RunAsync(console, parse.GetValue(paths) ?? [], parse.GetValue(config), parse.GetValue(dryRun), parse.GetValue(diff), cancellationToken));
        return command;
    }

    /// <summary>A counter on stderr when it is a terminal; logs and CI output stay clean.</summary>
    private static Progress<(int Done, int Total)>? TerminalProgress(CliConsole console) =>
        console.ErrorIsTerminal
            ? new Progress<(int Done, int Total)>(p => console.Error.Write($"\rresolving image references: {p.Done}/{p.Total}"))
            : null;

    private static async Task<int> RunAsync(CliConsole console, string[] paths, string? configPath, bool dryRun, bool diff, CancellationToken cancellationToken)
    {
        var plan = ScanPlan.Prepare(paths, configPath, console.WorkingDirectory);
        var files = new List<(ManifestFileSnapshot File, string DisplayPath)>();
        foreach (var input in plan.Inputs)
        {
            if (new FileInfo(input.FullPath).Length > plan.Config.MaxFileSize)
            {
                await console.Error.WriteLineAsync($"{input.DisplayPath}: file is larger than maxFileSize ({plan.Config.MaxFileSize} bytes); not pinned, raise maxFileSize in .manifestguard.yaml to pin it").ConfigureAwait(false);
                continue;
            }
            files.Add((await ManifestFileSnapshot.ReadAsync(input.FullPath, cancellationToken).ConfigureAwait(false), input.DisplayPath));
        }
        if (plan.ReadsStdin)
        {
            using var stdin = new MemoryStream();
            await console.InputStream.CopyToAsync(stdin, cancellationToken).ConfigureAwait(false);
            files.Add((ManifestFileSnapshot.FromBytes(Discovery.SourceText.StdinName, stdin.ToArray()), Discovery.SourceText.StdinName));
        }

        var helmValues = new Matcher(StringComparison.Ordinal);
        helmValues.AddIncludePatterns(plan.Config.HelmValues);
        using var client = RegistryClients.Create(plan.Config);
        var pinPlan = await new Pinner(client, plan.Config)
            .PlanAsync(files, path => plan.Config.HelmValues.Count > 0 && helmValues.Match(path).HasMatches, TerminalProgress(console), cancellationToken)
            .ConfigureAwait(false);
        if (console.ErrorIsTerminal)
        {
            console.Error.Write("\r\u001b[K");
        }

        if (pinPlan.Failures.Count > 0)
        {
            foreach (var failure in pinPlan.Failures)
            {
                await console.Error.WriteLineAsync($"{failure.Location}: {failure.Message}").ConfigureAwait(false);
            }
            await console.Error.WriteLineAsync($"manifestguard: {pinPlan.Failures.Count} reference(s) could not be resolved; no file was changed").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }

        var stdinWritten = false;
        foreach (var file in pinPlan.Files)
        {
            if (diff)
            {
                await console.Out.WriteAsync(UnifiedDiff.Create(file.DisplayPath, file.Original.Text, file.NewText)).ConfigureAwait(false);
            }
            if (dryRun)
            {
                continue;
            }
            if (file.DisplayPath == Discovery.SourceText.StdinName)
            {
                await console.Out.WriteAsync(file.NewText).ConfigureAwait(false);
                stdinWritten = true;
            }
            else
            {
                await AtomicFileWriter.WriteAsync(file.Original, file.Content, cancellationToken).ConfigureAwait(false);
            }
        }
        if (plan.ReadsStdin && !stdinWritten && !dryRun)
        {
            // Nothing to pin on stdin: the stream passes through unchanged.
            await console.Out.WriteAsync(files[^1].File.Text).ConfigureAwait(false);
        }

        var verb = dryRun ? "would pin" : "pinned";
        await console.Error.WriteLineAsync($"manifestguard: {verb} {pinPlan.Pinned} reference(s) in {pinPlan.Files.Count} file(s)").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
