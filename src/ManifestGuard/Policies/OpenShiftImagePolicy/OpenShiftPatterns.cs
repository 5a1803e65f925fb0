using System.Text.RegularExpressions;

namespace ManifestGuard.Policies.OpenShiftImagePolicy;

/// <summary>
/// The CEL validation patterns of openshift/api (config/v1 types_image_policy.go, types_image.go), spelled for
/// .NET: `\w` and `[[:xdigit:]]` written out as ASCII classes, since RE2's are ASCII and .NET's are Unicode.
/// RE2 runs in linear time; .NET's default backtracking engine does not, and the nested repetitions of the
/// path pattern took seconds on a 90-character string. NonBacktracking matches like RE2, in linear time.
/// RE2's `$` is the end of the text; .NET's also matches before a final newline, so the patterns end in `\z`.
/// </summary>
internal static partial class OpenShiftPatterns
{
    private const string Label = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string PathComponents = "(?:(?:/[a-z0-9]+(?:(?:(?:[._]|__|[-]*)[a-z0-9]+)+)?)+)?";
    private const string Host = "((" + Label + "(?:\\." + Label + ")+(?::[0-9]+)?)|(localhost(?::[0-9]+)?))";

    /// <summary>A wildcard scope: `*.` and a domain, nothing else.</summary>
    [GeneratedRegex("^\\*(?:\\." + Label + ")+\\z", RegexOptions.NonBacktracking)]
    public static partial Regex WildcardScope();

    /// <summary>A host (with a dot, or localhost), lowercase path, optional tag and digest.</summary>
    [GeneratedRegex("^(" + Host + PathComponents + ")(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}))?\\z", RegexOptions.NonBacktracking)]
    public static partial Regex Scope();

    /// <summary>exactRepository.repository and remapIdentity prefixes: host and path, no tag or digest.</summary>
    [GeneratedRegex("^" + Host + PathComponents + "\\z", RegexOptions.NonBacktracking)]
    public static partial Regex RepositoryPrefix();

    [GeneratedRegex("^.*:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})\\z", RegexOptions.NonBacktracking)]
    public static partial Regex EndsLikeTag();

    [GeneratedRegex("^(localhost:[0-9]+)\\z", RegexOptions.NonBacktracking)]
    public static partial Regex LocalhostWithPort();

    /// <summary>registrySources entries: hostname[:port][/path] or `*.hostname`.</summary>
    [GeneratedRegex("^\\*(?:\\." + Label + ")+\\z|^(" + Label + "(?:(?:\\." + Label + ")+)?(?::[0-9]+)?)" + PathComponents + "\\z", RegexOptions.NonBacktracking)]
    public static partial Regex RegistrySource();

    /// <summary>`^\S+@\S+$` as RE2 reads it: `\S` is anything but the ASCII spaces \t \n \f \r and space.</summary>
    [GeneratedRegex("^[^\\t\\n\\f\\r ]+@[^\\t\\n\\f\\r ]+\\z", RegexOptions.NonBacktracking)]
    public static partial Regex Email();

    /// <summary>A DNS-1123 subdomain as Kubernetes validates it (the length limit of 253 is checked apart).</summary>
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z", RegexOptions.NonBacktracking)]
    public static partial Regex Dns1123Subdomain();
}
