using System.CommandLine;
using ManifestGuard.Cli;
using ManifestGuard.Cli.Commands;

var root = new RootCommand("ManifestGuard: checks Kubernetes and OpenShift manifests' image references against the image policies clusters enforce")
{
    CheckCommand.Create(),
    PinCommand.Create(),
    ImagesCommand.Create(),
    RulesCommand.Create(),
    ExplainCommand.Create(),
    ArgoCdCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"manifestguard: {error.Message}");
    }
    Console.Error.WriteLine("Run `manifestguard --help` for usage.");
    return ExitCodes.UsageOrConfiguration;
}

try
{
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
#pragma warning disable CA1031 // The outermost frame: whatever escapes becomes one readable line and an exit code.
catch (Exception e)
#pragma warning restore CA1031
{
    return ErrorReport.Write(e, Console.Error);
}
