using System.Text.Json;
using ManifestGuard.Configuration;

namespace ManifestGuard.Findings;

/// <summary>The findings a team accepted when it adopted the tool, as `manifestguard baseline` writes them.</summary>
internal sealed record BaselineFile(int Version, IReadOnlyList<BaselineEntry> Findings)
{
    /// <summary>
    /// Raised when the fingerprint recipe or the layout changes, so an old file is refused, not misread.
    /// </summary>
    public const int CurrentVersion = 1;

    /// <summary>
    /// The file `baseline` writes and `check` reads when neither `--output`/`--baseline` nor `baseline:` names one.
    /// </summary>
    public const string DefaultFileName = ".manifestguard-baseline.json";

    /// <summary>
    /// The baseline of today's findings: those not suppressed otherwise, in a stable order for readable diffs.
    /// </summary>
    public static BaselineFile Of(IEnumerable<Finding> findings) => new(
        CurrentVersion,
        [.. findings
            .Where(f => !f.IsSuppressed)
            .Select(f => new BaselineEntry(f.RuleId, f.File, FindingFingerprint.Compute(f), f.Message))
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.RuleId, StringComparer.Ordinal)
            .ThenBy(e => e.Fingerprint, StringComparer.Ordinal)]);

    /// <summary>
    /// Reads a baseline; a missing, unreadable or damaged one is a configuration error naming the file (and line, where
    /// there is one).
    /// </summary>
    /// <param name="shownAs">How errors name the file: the path as the user gave it (default: <paramref name="path"/>).</param>
    public static BaselineFile Read(string path, string? shownAs = null)
    {
        string text;
        var shown = shownAs ?? path;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigurationException("no such baseline file; `manifestguard baseline` writes one", shown, 0, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read the baseline: {e.Message}", shown, 0, 0);
        }
        return Parse(text, shown);
    }

    public static BaselineFile Parse(string text, string path)
    {
        BaselineFile? file;
        try
        {
            file = JsonSerializer.Deserialize(text, BaselineJsonContext.Strict.BaselineFile);
        }
        catch (JsonException e)
        {
            // The exception's own message repeats the position; say it once, the way editors link it.
            var message = e.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? "a value of the wrong type"
                : e.Message.Split(" Path: ", 2)[0].Split(" LineNumber: ", 2)[0].TrimEnd();
            var at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" (at {e.Path})";
            throw new ConfigurationException(
                $"not a valid baseline file: {message}{at}", path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        }
        if (file is null)
        {
            throw new ConfigurationException(
                "not a valid baseline file: expected a JSON object with `version` and `findings`", path, 1, 1);
        }
        if (file.Version != CurrentVersion)
        {
            throw new ConfigurationException(
                $"baseline version {file.Version} is not one this version of ManifestGuard reads ({CurrentVersion}); " +
                "write it again with `manifestguard baseline`",
                path,
                0,
                0);
        }
        for (var i = 0; i < file.Findings.Count; i++)
        {
            if (file.Findings[i] is not { RuleId.Length: > 0, File.Length: > 0, Fingerprint.Length: > 0 })
            {
                throw new ConfigurationException(
                    $"not a valid baseline file: findings[{i}] needs a ruleId, a file and a fingerprint", path, 0, 0);
            }
        }
        return file;
    }

    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(JsonSerializer.Serialize(this, BaselineJsonContext.Strict.BaselineFile));
        output.Write('\n');
    }
}
