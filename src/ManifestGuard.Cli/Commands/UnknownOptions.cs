using System.CommandLine;
using System.CommandLine.Parsing;

namespace ManifestGuard.Cli.Commands;

/// <summary>
/// System.CommandLine hands a token it matches to no option to a command's PATH argument, so a
/// mistyped `--foramt json` would be read as two paths. A PATH that starts with `-` (other than `-`,
/// stdin) is therefore a usage error, with the closest option as a suggestion; a file whose name starts
/// with `-` is named `./-file`.
/// </summary>
internal static class UnknownOptions
{
    public static void Reject(ArgumentResult result)
    {
        var options = result.Parent is CommandResult command ? NamesOf(command.Command) : [];
        foreach (var token in result.Tokens)
        {
            if (token.Value.Length > 1 && token.Value[0] == '-')
            {
                var suggestion = Closest(token.Value, options);
                result.AddError(suggestion is null
                    ? $"unknown option {token.Value}"
                    : $"unknown option {token.Value}; did you mean {suggestion}?");
            }
        }
    }

    private static List<string> NamesOf(Command command) =>
        [.. command.Options
            .SelectMany(option => option.Aliases.Prepend(option.Name))
            .Where(name => name.StartsWith("--", StringComparison.Ordinal))];

    /// <summary>The option nearest by edit distance, if near enough to be what was meant (a swap costs 1).</summary>
    internal static string? Closest(string typed, IEnumerable<string> options)
    {
        var value = typed.Split('=', 2)[0];
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var option in options)
        {
            var distance = EditDistance(value, option);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (option, distance);
            }
        }
        return bestDistance <= Math.Max(2, value.Length / 3) ? best : null;
    }

    /// <summary>Optimal string alignment: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
