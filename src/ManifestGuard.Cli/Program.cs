using ManifestGuard.Cli;

using var console = new CliConsole(
    Console.OpenStandardInput(),
    Console.OpenStandardOutput(),
    Console.Error,
    Environment.CurrentDirectory,
    Environment.GetEnvironmentVariable)
{
    IsTerminal = !Console.IsOutputRedirected,
    ErrorIsTerminal = !Console.IsErrorRedirected,
};
return CliApplication.Run(args, console);
