using System.CommandLine;

namespace ManifestGuard.Cli.Commands;

/// <summary>Arguments and options several commands share, so they read and behave the same everywhere.</summary>
public static class CommonOptions
{
    public static Argument<string[]> Paths() => new("PATH")
    {
        Description = "Files or folders to scan (default: the current folder); `-` reads a manifest stream from stdin",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = "The configuration file (default: .manifestguard.yaml at the first PATH or its nearest parent)",
    };

    public static Option<string> Format(string defaultFormat, params string[] formats)
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = $"Output format: {string.Join(", ", formats)}",
            DefaultValueFactory = _ => defaultFormat,
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    /// <summary>`--timeout SECONDS`: how long one registry question may take, retries included (check --online, pin).</summary>
    public static Option<int?> Timeout()
    {
        var option = new Option<int?>("--timeout")
        {
            Description = "Seconds one registry lookup may take, retries included (default: registries.timeout, else 60)",
        };
        option.Validators.Add(result =>
        {
            // Not a number at all is System.CommandLine's own parse error; here only the range is checked.
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, out var seconds) && seconds <= 0)
            {
                result.AddError("--timeout must be a positive number of seconds");
            }
        });
        return option;
    }
}
