using System.Diagnostics;
using System.Text;
using ManifestGuard.Cli;

namespace ManifestGuard.Tests.Cli;

/// <summary>
/// Runs the `manifestguard` CLI: in process with an injected console (<see cref="Run(string, string?, string[])"/>),
/// or as the real binary built beside the tests (<see cref="RunProcess(string, string?, string[])"/>) where the
/// process itself is under test: its exit code as a shell sees it, or an environment it reads.
/// </summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static Result Run(string workingDirectory, string? stdin, params string[] args) =>
        RunWithStdinBytes(workingDirectory, stdin is null ? [] : Utf8.GetBytes(stdin), args);

    /// <summary>Runs the CLI in process with these exact bytes on stdin.</summary>
    public static Result RunWithStdinBytes(string workingDirectory, byte[] stdin, params string[] args) =>
        RunInProcess(workingDirectory, stdin, new Dictionary<string, string?>(), args);

    /// <summary>
    /// Runs the CLI in process with <paramref name="environment"/> over the test process's own variables (a null
    /// value unsets one): what the commands read through their console, credentials included.
    /// </summary>
    public static Result Run(
        string workingDirectory, string? stdin, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunInProcess(workingDirectory, stdin is null ? [] : Utf8.GetBytes(stdin), environment, args);

    private static Result RunInProcess(
        string workingDirectory, byte[] stdin, IReadOnlyDictionary<string, string?> environment, string[] args)
    {
        using var input = new MemoryStream(stdin);
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int exitCode;
        string? Variable(string name) =>
            environment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name);
        // Retries happen as in a real run without being slept through: the registry fault tests time the waits.
        using (var console = new CliConsole(input, output, error, workingDirectory, Variable) { RetryDelay = NoWait })
        {
            exitCode = CliApplication.Run(args, console);
        }
        return new Result(exitCode, Utf8.GetString(output.ToArray()), error.ToString());
    }

    private static Task NoWait(TimeSpan wait, CancellationToken cancellationToken) => Task.CompletedTask;

    public static Result RunProcess(string workingDirectory, string? stdin, params string[] args) =>
        RunProcess(workingDirectory, stdin, new Dictionary<string, string?>(), args);

    public static Result RunProcess(string workingDirectory, string? stdin, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "manifestguard.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }
        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"manifestguard {string.Join(' ', args)} did not finish in 60 s");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
