using System.CommandLine;
using ManifestGuard.Findings;

namespace ManifestGuard.Cli.Commands;

/// <summary>Arguments and options several commands share, so they read and behave the same everywhere.</summary>
internal static class CommonOptions
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

    /// <summary>`--fail-on`, parsed into a level here: a wrong value is a usage error listing the right ones.</summary>
    public static Option<FindingLevel> FailOn()
    {
        var allowed = string.Join(", ", FailurePolicy.ThresholdNames);
        var option = new Option<FindingLevel>("--fail-on")
        {
            Description = $"Exit 1 when an unsuppressed finding is at this level or above ({allowed})",
            HelpName = string.Join('|', FailurePolicy.ThresholdNames),
            DefaultValueFactory = _ => FindingLevel.Error,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (FailurePolicy.TryParseThreshold(text, out var threshold))
                {
                    return threshold;
                }
                result.AddError($"--fail-on is \"{text}\"; use one of {allowed}");
                return FindingLevel.Error;
            },
        };
        option.CompletionSources.Add([.. FailurePolicy.ThresholdNames]);
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
