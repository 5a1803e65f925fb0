using System.CommandLine;
using ManifestGuard.Cli;
using ManifestGuard.Cli.Commands;
using ManifestGuard.Configuration;

var root = new RootCommand("ManifestGuard: checks Kubernetes and OpenShift manifests' image references against the image policies clusters enforce")
{
    CheckCommand.Create(),
    PinCommand.Create(),
    ImagesCommand.Create(),
    RulesCommand.Create(),
    ExplainCommand.Create(),
    ArgoCdCommand.Create(),
    BaselineCommand.Create(),
    InitCommand.Create(),
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
catch (ConfigurationException e)
{
    Console.Error.WriteLine($"manifestguard: {e}");
    return ExitCodes.UsageOrConfiguration;
}
catch (ManifestGuard.Pinning.PinningException e)
{
    Console.Error.WriteLine($"manifestguard: {e.Message}");
    return ExitCodes.RuntimeFailure;
}
catch (FileNotFoundException e)
{
    Console.Error.WriteLine($"manifestguard: {e.Message}");
    return ExitCodes.UsageOrConfiguration;
}
#pragma warning disable CA1031 // The outermost frame: whatever escapes becomes one readable line and exit 3.
catch (Exception e)
#pragma warning restore CA1031
{
    // A runtime failure gets one readable line, never a stack trace.
    var inner = e is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : e;
    Console.Error.WriteLine($"manifestguard: {inner.Message}");
    return ExitCodes.RuntimeFailure;
}
