namespace ManifestGuard.Cli;

/// <summary>
/// The one place an error becomes a line on stderr and an exit code: `manifestguard: file:line:col: message`,
/// never a stack trace; 2 for input the user can fix (usage, configuration, a missing path), 3 for the rest.
/// </summary>
internal static class ErrorReport
{
    public static int Write(Exception exception, TextWriter stderr)
    {
        var error = Innermost(exception);
        var (text, exitCode) = error switch
        {
            ManifestGuardException known => (known.ToString(), ExitCodeOf(known.Kind)),
            FileNotFoundException or DirectoryNotFoundException => (error.Message, ExitCodes.UsageOrConfiguration),
            _ => (error.Message, ExitCodes.RuntimeFailure),
        };
        stderr.WriteLine($"manifestguard: {text}");
        return exitCode;
    }

    public static int ExitCodeOf(ErrorKind kind) =>
        kind == ErrorKind.Configuration ? ExitCodes.UsageOrConfiguration : ExitCodes.RuntimeFailure;

    /// <summary>Parallel and asynchronous code wraps a single failure; the user wants the failure itself.</summary>
    private static Exception Innermost(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate
            ? Innermost(aggregate.InnerExceptions[0])
            : exception;
}
