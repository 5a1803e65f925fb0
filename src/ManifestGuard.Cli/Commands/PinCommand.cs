using System.CommandLine;
using ManifestGuard.Analysis;
using ManifestGuard.Pinning;
using ManifestGuard.Rendering;
using Microsoft.Extensions.FileSystemGlobbing;

namespace ManifestGuard.Cli.Commands;

/// <summary>
/// `pin`: resolve every tag-only reference to the digest its tag points at and write `name:tag@digest`
/// in place, touching no other byte. Nothing is written unless every reference resolved (exit 3).
/// Files that cannot be read or parsed are listed, all of them, and the others are still pinned; the
/// exit code is then 1, as `check` exits 1 for the same files' MG901 findings. With `--strict` such a
/// file stops the run before anything is written (exit 3). With `-`, the pinned stream goes to stdout.
/// </summary>
internal static class PinCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = CommonOptions.Paths();
        var config = CommonOptions.Config();
        var dryRun = new Option<bool>("--dry-run") { Description = "Resolve and report, but write nothing" };
        var diff = new Option<bool>("--diff") { Description = "Print a unified diff of the changes" };
        var strict = new Option<bool>("--strict")
        {
            Description = "Write nothing when any file cannot be read or parsed (default: pin the others and exit 1)",
        };
        var timeout = CommonOptions.Timeout();
        var command = new Command("pin", "Pin image tags to the digests they point at, in place")
        {
            paths, config, dryRun, diff, strict, timeout,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            console,
            parse.GetValue(paths) ?? [],
            parse.GetValue(config),
            parse.GetValue(dryRun),
            parse.GetValue(diff),
            parse.GetValue(strict),
            parse.GetValue(timeout),
            cancellationToken));
        return command;
    }

    /// <summary>A counter on stderr when it is a terminal; logs and CI output stay clean.</summary>
    private static Progress<(int Done, int Total)>? TerminalProgress(CliConsole console) =>
        console.ErrorIsTerminal
            ? new Progress<(int Done, int Total)>(p => console.Error.Write($"\rresolving image references: {p.Done}/{p.Total}"))
            : null;

    private static async Task<int> RunAsync(
        CliConsole console,
        string[] paths,
        string? configPath,
        bool dryRun,
        bool diff,
        bool strict,
        int? timeout,
        CancellationToken cancellationToken)
    {
        var plan = ScanPlan.Prepare(paths, configPath, console.WorkingDirectory, console.Environment("PATH"));
        // Kustomization roots and charts are pinned where `check` places their images;
        // their files are not pinned as written.
        var rendered = RenderedPins.Prepare(plan);
        var files = new List<(ManifestFileSnapshot File, string DisplayPath)>();
        var notRead = new List<string>();
        foreach (var input in rendered.FilesAsWritten)
        {
            var (file, problem) = await ReadAsync(input, plan.Config.MaxFileSize, cancellationToken)
                .ConfigureAwait(false);
            if (file is not null)
            {
                files.Add((file, input.DisplayPath));
            }
            else
            {
                notRead.Add($"{input.DisplayPath}:1:1: {problem}");
            }
        }
        var stdinIndex = -1;
        if (plan.ReadsStdin)
        {
            using var stdin = new MemoryStream();
            await console.InputStream.CopyToAsync(stdin, cancellationToken).ConfigureAwait(false);
            stdinIndex = files.Count;
            files.Add((ManifestFileSnapshot.FromBytes(Discovery.SourceText.StdinName, stdin.ToArray()), Discovery.SourceText.StdinName));
        }

        var renderedTargets = new List<(int FileIndex, PinTarget Target)>();
        var renderedFiles = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var problem in rendered.Unpinnable)
        {
            await console.Error.WriteLineAsync($"manifestguard: {problem}").ConfigureAwait(false);
        }
        foreach (var pin in rendered.Pins)
        {
            if (!renderedFiles.TryGetValue(pin.FullPath, out var index))
            {
                index = files.Count;
                var snapshot = await ManifestFileSnapshot.ReadAsync(pin.FullPath, cancellationToken).ConfigureAwait(false);
                files.Add((snapshot, pin.DisplayPath));
                renderedFiles[pin.FullPath] = index;
            }
            if (RenderedPins.TargetFor(pin, files[index].File, out var reason) is { } target)
            {
                renderedTargets.Add((index, target));
            }
            else
            {
                await console.Error.WriteLineAsync($"manifestguard: {reason}").ConfigureAwait(false);
            }
        }

        var helmValues = new Matcher(StringComparison.Ordinal);
        helmValues.AddIncludePatterns(plan.Config.HelmValues);
        using var client = RegistryClients.Create(plan.Config, console, timeout);
        var pinPlan = await new Pinner(client, plan.Config)
            .PlanAsync(files, path => plan.Config.HelmValues.Count > 0 && helmValues.Match(path).HasMatches, TerminalProgress(console), renderedTargets, cancellationToken)
            .ConfigureAwait(false);
        if (console.ErrorIsTerminal)
        {
            console.Error.Write("\r\u001b[K");
        }

        notRead.AddRange(pinPlan.Unparsable);
        notRead.Sort(StringComparer.Ordinal);
        foreach (var problem in notRead)
        {
            await console.Error.WriteLineAsync(problem).ConfigureAwait(false);
        }
        if (strict && notRead.Count > 0)
        {
            var message = $"manifestguard: {notRead.Count} file(s) could not be read or parsed; no file was changed (--strict)";
            await console.Error.WriteLineAsync(message).ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
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
            await console.Out.WriteAsync(files[stdinIndex].File.Text).ConfigureAwait(false);
        }

        var verb = dryRun ? "would pin" : "pinned";
        var skipped = notRead.Count == 0 ? "" : $"; {notRead.Count} file(s) not read or parsed, listed above, were left alone";
        var done = $"manifestguard: {verb} {pinPlan.Pinned} reference(s) in {pinPlan.Files.Count} file(s){skipped}";
        await console.Error.WriteLineAsync(done).ConfigureAwait(false);
        return notRead.Count == 0 ? ExitCodes.Success : ExitCodes.Findings;
    }

    /// <summary>
    /// A file as pin reads it, or why it cannot: never opened when discovery says not to, larger than
    /// maxFileSize, unreadable, not UTF-8.
    /// </summary>
    private static async Task<(ManifestFileSnapshot? File, string? Problem)> ReadAsync(
        Discovery.ScanInput input, long maxFileSize, CancellationToken cancellationToken)
    {
        if (input.NotRead is { } reason)
        {
            return (null, reason);
        }
        try
        {
            if (new FileInfo(input.FullPath).Length > maxFileSize)
            {
                return (null, $"file is larger than maxFileSize ({maxFileSize} bytes); not pinned, "
                    + "raise maxFileSize in .manifestguard.yaml to pin it");
            }
            var file = await ManifestFileSnapshot.ReadAsync(input.FullPath, cancellationToken).ConfigureAwait(false);
            return (file, null);
        }
        catch (PinningException e)
        {
            // The snapshot names the full path; the list names files as every report does.
            var prefix = input.FullPath + ": ";
            return (null, e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the file: {e.Message}");
        }
    }
}
