namespace ManifestGuard.Cli;

/// <summary>Facts about where output goes.</summary>
public static class Terminal
{
    /// <summary>Colour only on a terminal, and never when NO_COLOR is set (no-color.org) or TERM is dumb.</summary>
    public static bool UseColor =>
        !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";
}
