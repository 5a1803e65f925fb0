using System.CommandLine;
using ManifestGuard.Cli.Commands;

namespace ManifestGuard.Cli;

/// <summary>The command line: the commands wired to one console, and a run from arguments to an exit code.</summary>
internal static class CliApplication
{
    public static RootCommand Create(CliConsole console) =>
        new("ManifestGuard: checks Kubernetes and OpenShift manifests' image references against the image policies "
            + "clusters enforce")
        {
            CheckCommand.Create(console),
            PinCommand.Create(console),
            ImagesCommand.Create(console),
            RulesCommand.Create(console),
            ExplainCommand.Create(console),
            ArgoCdCommand.Create(console),
            BaselineCommand.Create(console),
            InitCommand.Create(console),
        };

    /// <summary>
    /// Parses and runs; usage errors are exit 2, and any error is one line on stderr (see <see cref="ErrorReport"/>).
    /// </summary>
    public static int Run(IReadOnlyList<string> args, CliConsole console)
    {
        try
        {
            var parsed = Create(console).Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var error in parsed.Errors)
                {
                    console.Error.WriteLine($"manifestguard: {error.Message}");
                }
                console.Error.WriteLine("Run `manifestguard --help` for usage.");
                return ExitCodes.UsageOrConfiguration;
            }
            var invocation = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = console.Out,
                Error = console.Error,
            };
            return parsed.Invoke(invocation);
        }
#pragma warning disable CA1031 // The outermost frame: whatever escapes becomes one readable line and an exit code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return ErrorReport.Write(e, console.Error);
        }
        finally
        {
            console.Flush();
        }
    }
}
