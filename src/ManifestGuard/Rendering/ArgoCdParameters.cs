using ManifestGuard.Findings;

namespace ManifestGuard.Rendering;

/// <summary>
/// What the Argo CD cmp-server hands the plugin, read from the environment it sets: the application
/// (`ARGOCD_APP_NAME`, `ARGOCD_APP_NAMESPACE`, `ARGOCD_APP_SOURCE_PATH`), the plugin parameters
/// (`PARAM_FAIL_ON`, `PARAM_PIN`, `PARAM_CONFIG`: a parameter's name upper-cased with `-` as `_`),
/// and the Application's `plugin.env` entries, which arrive prefixed `ARGOCD_ENV_`
/// (`ARGOCD_ENV_MANIFESTGUARD_FAIL_ON`, ...). A parameter wins over an env entry.
/// </summary>
internal sealed record ArgoCdParameters
{
    public string? AppName { get; init; }

    /// <summary>The destination namespace: Argo CD puts namespaced objects that name none there.</summary>
    public string? AppNamespace { get; init; }

    /// <summary>The application's folder relative to the repository root.</summary>
    public string? SourcePath { get; init; }

    public FindingLevel FailOn { get; init; } = FindingLevel.Error;

    public string FailOnName { get; init; } = "error";

    public bool Pin { get; init; }

    /// <summary>The configuration file, relative to the repository root unless absolute.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Reads the parameters; a value that makes no sense is an <see cref="ArgumentException"/> naming the variable.</summary>
    public static ArgoCdParameters FromEnvironment(Func<string, string?> getVariable)
    {
        string? Read(string parameter)
        {
            var name = parameter.ToUpperInvariant().Replace('-', '_');
            var value = getVariable("PARAM_" + name);
            if (string.IsNullOrWhiteSpace(value))
            {
                value = getVariable("ARGOCD_ENV_MANIFESTGUARD_" + name);
            }
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        var failOn = Read("fail-on") ?? "error";
        if (!FindingLevels.TryParse(failOn, out var level))
        {
            throw new ArgumentException($"fail-on (PARAM_FAIL_ON or ARGOCD_ENV_MANIFESTGUARD_FAIL_ON) is \"{failOn}\"; use error, warning, note or none");
        }
        var pin = Read("pin") ?? "false";
        if (!bool.TryParse(pin, out var pinValue))
        {
            throw new ArgumentException($"pin (PARAM_PIN or ARGOCD_ENV_MANIFESTGUARD_PIN) is \"{pin}\"; use true or false");
        }
        return new ArgoCdParameters
        {
            AppName = NullIfEmpty(getVariable("ARGOCD_APP_NAME")),
            AppNamespace = NullIfEmpty(getVariable("ARGOCD_APP_NAMESPACE")),
            SourcePath = NullIfEmpty(getVariable("ARGOCD_APP_SOURCE_PATH")),
            FailOn = level,
            FailOnName = failOn,
            Pin = pinValue,
            ConfigPath = Read("config"),
        };
    }

    /// <summary>
    /// The repository root: the application folder with <see cref="SourcePath"/> taken off its end, or
    /// the application folder itself when the path is unknown or does not match.
    /// </summary>
    public string RepositoryRoot(string appDirectory)
    {
        var app = Path.TrimEndingDirectorySeparator(Path.GetFullPath(appDirectory));
        var relative = SourcePath?.Trim('/', '\\');
        if (string.IsNullOrEmpty(relative) || relative == ".")
        {
            return app;
        }
        var suffix = Path.DirectorySeparatorChar + relative.Replace('/', Path.DirectorySeparatorChar);
        return app.EndsWith(suffix, StringComparison.Ordinal) ? app[..^suffix.Length] : app;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
