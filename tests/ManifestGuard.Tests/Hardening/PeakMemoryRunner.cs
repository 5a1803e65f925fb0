using System.Diagnostics;
using System.Globalization;

namespace ManifestGuard.Tests.Hardening;

/// <summary>
/// Runs the built CLI as a child of a small python3 wrapper that reports the child's peak resident set
/// (getrusage RUSAGE_CHILDREN, ru_maxrss): exact, unlike sampling /proc from outside, which can miss a
/// short peak. python3 is on every machine that runs the tests (pre-commit needs it).
/// </summary>
internal static class PeakMemoryRunner
{
    private const string Wrapper =
        "import resource, subprocess, sys\n" +
        "code = subprocess.call(sys.argv[2:])\n" +
        "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n" +
        "sys.exit(code)\n";

    public sealed record Result(int ExitCode, string Stdout, string Stderr, long PeakBytes);

    public static Result Run(string workingDirectory, params string[] args)
    {
        var report = Path.Combine(workingDirectory, ".peak-rss");
        var start = new ProcessStartInfo("python3")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-c", Wrapper, report, "dotnet", Path.Combine(AppContext.BaseDirectory, "manifestguard.dll") }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"manifestguard {string.Join(' ', args)} did not finish in 5 min");
        }
        var kilobytes = long.Parse(File.ReadAllText(report), CultureInfo.InvariantCulture);
        File.Delete(report);
        return new Result(process.ExitCode, stdout.Result, stderr.Result, kilobytes * 1024);
    }
}
