using System.Diagnostics;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;

namespace ManifestGuard.Rendering;

/// <summary>
/// Renders an application folder as Argo CD would: through `kubectl kustomize` when it holds a
/// kustomization, otherwise as the plain YAML and JSON files under it (recursively, in ordinal path
/// order, leaving out dot-files and dot-folders such as `.manifestguard.yaml` and `.github/`, and what
/// the configuration's `exclude` names).
/// </summary>
internal static class AppRenderer
{
    /// <summary>The file names kustomize looks for, in its own order.</summary>
    public static readonly IReadOnlyList<string> KustomizationFileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public static RenderedApp Render(string appDirectory, string rootDirectory, ManifestGuardConfig config, TimeSpan timeout)
    {
        return KustomizationFileNames.Any(name => File.Exists(Path.Combine(appDirectory, name)))
            ? Kustomize(appDirectory, rootDirectory, timeout)
            : Plain(appDirectory, rootDirectory, config);
    }

    public static RenderedApp Plain(string appDirectory, string rootDirectory, ManifestGuardConfig config)
    {
        var inputs = FileDiscovery.Discover([appDirectory], rootDirectory, ManifestGuardConfig.DefaultInclude, config.Exclude)
            .Where(input => !IsHidden(Path.GetRelativePath(appDirectory, input.FullPath)));
        return new RenderedApp("plain", [.. inputs.Select(input => SourceReader.Read(input))]);
    }

    public static RenderedApp Kustomize(string appDirectory, string rootDirectory, TimeSpan timeout)
    {
        var kubectl = FindOnPath("kubectl")
            ?? throw new RenderException("kubectl was not found on PATH; a Kustomize application is rendered with `kubectl kustomize`, so install kubectl where the plugin runs (the plugin sidecar image)");
        var start = new ProcessStartInfo(kubectl)
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(".");
        using var process = Process.Start(start) ?? throw new RenderException($"could not start {kubectl}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new RenderException($"`kubectl kustomize` did not finish in {timeout.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
        {
            throw new RenderException($"`kubectl kustomize` failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
        }
        var relative = FileDiscovery.DisplayPathOf(appDirectory, rootDirectory);
        var name = relative == "." ? "<kustomize>" : $"<kustomize {relative}>";
        return new RenderedApp("kustomize", [new SourceText(name, null, stdout.Result)]);
    }

    /// <summary>The first executable of that name in a PATH folder, as a shell would find it.</summary>
    public static string? FindOnPath(string command)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return candidate;
            }
        }
        return null;
    }

    private static bool IsHidden(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part.StartsWith('.') && part is not "." and not "..");
}
