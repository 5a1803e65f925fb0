using System.Diagnostics.CodeAnalysis;

namespace ManifestGuard.Cli;

/// <summary>
/// A `--report-file FORMAT=FILE` of `check`: one more report of the same run, written to a file, so a
/// caller such as the GitHub Action gets SARIF, annotations and a log report from one scan.
/// </summary>
internal sealed record ReportFile(string Format, string Path)
{
    public static bool TryParse(string text, [NotNullWhen(true)] out ReportFile? reportFile, out string error)
    {
        reportFile = null;
        var separator = text.IndexOf('=', StringComparison.Ordinal);
        var format = separator < 0 ? "" : text[..separator];
        var path = separator < 0 ? "" : text[(separator + 1)..];
        if (!ReportFormats.Names.Contains(format, StringComparer.Ordinal) || path.Length == 0)
        {
            error = $"--report-file takes FORMAT=FILE with FORMAT one of {string.Join(", ", ReportFormats.Names)}, not \"{text}\"";
            return false;
        }
        reportFile = new ReportFile(format, path);
        error = "";
        return true;
    }

    /// <summary>For values the option's validator has already accepted.</summary>
    public static ReportFile Parse(string text) =>
        TryParse(text, out var reportFile, out var error) ? reportFile : throw new ArgumentException(error, nameof(text));
}
