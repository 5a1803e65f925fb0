using System.CommandLine;

namespace ManifestGuard.Cli.Commands;

/// <summary>Arguments and options several commands share, so they read and behave the same everywhere.</summary>
public static class CommonOptions
{
    public static Argument<string[]> Paths()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description =
                "Files or folders to scan (default: the current folder); `-` reads a manifest stream from stdin",
            Arity = ArgumentArity.ZeroOrMore,
        };
        paths.Validators.Add(UnknownOptions.Reject);
        return paths;
    }

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
}
