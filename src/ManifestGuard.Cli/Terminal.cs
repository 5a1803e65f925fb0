namespace ManifestGuard.Cli;

/// <summary>Facts about where output goes.</summary>
internal static class Terminal
{
    /// <summary>Colour only on a terminal, and never when NO_COLOR is set (no-color.org) or TERM is dumb.</summary>
    public static bool UseColor(CliConsole console) =>
        console.IsTerminal
        && string.IsNullOrEmpty(console.Environment("NO_COLOR"))
        && console.Environment("TERM") != "dumb";
}
