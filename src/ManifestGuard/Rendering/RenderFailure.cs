namespace ManifestGuard.Rendering;

/// <summary>What a renderer printed on failure, reduced to a message that fits one finding.</summary>
internal static class RenderFailure
{
    private const int MaxLength = 1000;

    public static string Message(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("Use --debug", StringComparison.Ordinal));
        var text = string.Join(" ", lines);
        if (text.StartsWith("Error: ", StringComparison.Ordinal))
        {
            text = text["Error: ".Length..];
        }
        if (text.Length == 0)
        {
            return "no message (exit status not 0)";
        }
        return text.Length <= MaxLength ? text : text[..MaxLength] + "…";
    }
}
