namespace ManifestGuard.Reporting.Sarif;

/// <summary>Turns display paths and directories into the URIs SARIF requires (RFC 3986, percent-encoded).</summary>
internal static class SarifUri
{
    /// <summary>
    /// A relative reference for a display path. Each segment is escaped on its own so that `/` stays a
    /// separator while spaces, non-ASCII (as UTF-8), `%`, `#`, `?` and the `<stdin>` brackets cannot
    /// change what the URI means.
    /// </summary>
    public static string Relative(string displayPath) =>
        string.Join('/', displayPath.Split('/').Select(Uri.EscapeDataString));

    /// <summary>
    /// A `file:` URI for an absolute directory, ending in `/` because SARIF resolves relative URIs
    /// against it and a base without the slash would drop its last segment.
    /// </summary>
    public static string Directory(string absoluteDirectory)
    {
        var uri = File(absoluteDirectory.Replace('\\', '/').TrimEnd('/'));
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    /// <summary>True for display paths of files outside the scan root: those keep their absolute path.</summary>
    public static bool IsAbsolute(string displayPath) =>
        displayPath.StartsWith('/') || (displayPath.Length >= 3 && char.IsAsciiLetter(displayPath[0]) && displayPath[1] == ':' && displayPath[2] is '/' or '\\');

    /// <summary>A `file:` URI for an absolute path, each segment percent-encoded.</summary>
    public static string File(string absolutePath)
    {
        var path = absolutePath.Replace('\\', '/');
        string authority = "";
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            // A UNC path: its server is the URI's authority.
            var rest = path[2..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            authority = slash < 0 ? rest : rest[..slash];
            path = slash < 0 ? "" : rest[slash..];
        }
        var segments = path.Split('/').Select(EscapeSegment);
        var escaped = string.Join('/', segments);
        if (!escaped.StartsWith('/'))
        {
            // A Windows drive path such as C:/src.
            escaped = "/" + escaped;
        }
        return "file://" + authority + escaped;
    }

    // A drive letter keeps its colon, as in file:///C:/src/; everywhere else a colon is escaped.
    private static string EscapeSegment(string segment) =>
        segment.Length == 2 && char.IsAsciiLetter(segment[0]) && segment[1] == ':' ? segment : Uri.EscapeDataString(segment);
}
