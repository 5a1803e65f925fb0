using System.Diagnostics;

namespace ManifestGuard.Rendering;

/// <summary>Runs a renderer program and captures what it prints; a program that cannot start or overruns is a <see cref="RenderException"/>.</summary>
internal static class RendererProcess
{
    public sealed record Output(int ExitCode, string Stdout, string Stderr);

    public static Output Run(
        string executable, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var name = Path.GetFileName(executable);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new RenderException($"could not start {executable}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RenderException($"could not start {executable}: {e.Message}", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new RenderException($"`{name}` did not finish in {timeout.TotalSeconds:0} s");
            }
            return new Output(process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>The first executable of that name in a PATH folder, as a shell would find it.</summary>
    /// <param name="command">The program's name.</param>
    /// <param name="searchPath">The PATH to search; this process's when null.</param>
    public static string? FindOnPath(string command, string? searchPath = null)
    {
        var path = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute))
            != 0;
}
