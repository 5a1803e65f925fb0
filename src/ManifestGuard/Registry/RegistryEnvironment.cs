namespace ManifestGuard.Registry;

/// <summary>
/// The process environment the credential stores read: variables, the home directory and PATH lookups.
/// Injected so tests never read the real Docker config or run the real credential helpers.
/// </summary>
internal sealed record RegistryEnvironment(Func<string, string?> GetVariable, string HomeDirectory)
{
    public static RegistryEnvironment Current { get; } =
        new(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The full path of an executable found on this environment's PATH, or null.</summary>
    public string? FindExecutable(string name)
    {
        var path = GetVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        var extensions = OperatingSystem.IsWindows() ? [".exe", ".cmd", ".bat", ""] : new[] { "" };
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(directory, name + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
