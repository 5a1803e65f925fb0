using System.Reflection;

namespace ManifestGuard.Reporting;

/// <summary>The version reports name the tool by.</summary>
internal static class ToolVersion
{
    /// <summary>
    /// The informational version without the `+commit` build metadata the SDK appends, so that two
    /// builds of one release report the same version and SARIF's `semanticVersion` stays plain SemVer.
    /// </summary>
    public static string Current { get; } = Strip(
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ToolVersion).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0");

    internal static string Strip(string informationalVersion)
    {
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informationalVersion : informationalVersion[..plus];
    }
}
