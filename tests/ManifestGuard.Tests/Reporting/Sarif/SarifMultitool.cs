using System.Text.Json;
using System.Diagnostics;

namespace ManifestGuard.Tests.Reporting.Sarif;

/// <summary>
/// Microsoft's SARIF validator (`Sarif.Multitool`, from the npm package `@microsoft/sarif-multitool`):
/// the executable named by SARIF_MULTITOOL, or the one `npm ci` installs at the repository root.
/// </summary>
internal static class SarifMultitool
{
    public const string EnvironmentVariable = "SARIF_MULTITOOL";

    /// <summary>The executable, or why there is none, in words that say how to get one.</summary>
    public static (string? Path, string Problem) Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? (configured, "")
                : (null, $"{EnvironmentVariable} is set to '{configured}', which does not exist.");
        }
        var root = RepositoryRoot.Path;
        var installed = Path.Combine(root, "node_modules", ".bin", OperatingSystem.IsWindows() ? "sarif-multitool.cmd" : "sarif-multitool");
        return File.Exists(installed)
            ? (installed, "")
            : (null, $"the SARIF validator is not installed: run `npm ci` in {root} (package.json pins @microsoft/sarif-multitool), or set {EnvironmentVariable} to the Sarif.Multitool executable.");
    }

    /// <summary>Runs `validate` on one log and returns the validator's own SARIF log, with its console output for failures.</summary>
    /// <remarks>
    /// File names are passed relative to the working folder: the npm wrapper hands its arguments to a
    /// shell unquoted, so a folder with a space in its path would split an argument. The result log
    /// must not exist yet; the validator refuses to overwrite one.
    /// </remarks>
    public static (string? ResultLog, string Console) Validate(string executable, string folder, string logName, string resultName)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "validate", logName, "--output", resultName })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            return (null, $"{executable} did not finish within 3 minutes");
        }
        var console = $"exit code {process.ExitCode}\n{stdout.Result}\n{stderr.Result}";
        var resultPath = Path.Combine(folder, resultName);
        return (File.Exists(resultPath) ? File.ReadAllText(resultPath) : null, console);
    }

    /// <summary>Error-level results, and error-level notifications (a rule that crashed, a file it could not read).</summary>
    public static List<string> Errors(string resultLog)
    {
        using var document = JsonDocument.Parse(resultLog);
        var errors = new List<string>();
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (run.TryGetProperty("results", out var results))
            {
                errors.AddRange(results.EnumerateArray()
                    .Where(r => r.TryGetProperty("level", out var level) && level.GetString() == "error")
                    .Select(r => r.GetRawText()));
            }
            if (!run.TryGetProperty("invocations", out var invocations))
            {
                continue;
            }
            foreach (var invocation in invocations.EnumerateArray())
            {
                foreach (var name in new[] { "toolExecutionNotifications", "toolConfigurationNotifications" })
                {
                    if (invocation.TryGetProperty(name, out var notifications))
                    {
                        // A notification's level defaults to warning; only errors fail the test.
                        errors.AddRange(notifications.EnumerateArray()
                            .Where(n => n.TryGetProperty("level", out var level) && level.GetString() == "error")
                            .Select(n => n.GetRawText()));
                    }
                }
            }
        }
        return errors;
    }
}
