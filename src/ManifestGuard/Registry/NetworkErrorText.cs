using System.Security.Authentication;

namespace ManifestGuard.Registry;

/// <summary>
/// One line for a failed connection: the innermost cause (the socket error, the certificate problem),
/// not the wrapper's "see inner exception".
/// </summary>
internal static class NetworkErrorText
{
    public static string Describe(Exception exception, string authority)
    {
        var innermost = exception;
        var tls = exception is AuthenticationException;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
            tls |= inner is AuthenticationException;
        }
        var cause = OneLine(innermost.Message);
        return tls ? $"TLS with {authority} failed: {cause}" : $"cannot reach {authority}: {cause}";
    }

    private static string OneLine(string message)
    {
        var words = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(' ', words).TrimEnd('.');
    }
}
