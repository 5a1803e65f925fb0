using ManifestGuard.Findings;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Findings;

/// <summary>`--fail-on`: which findings make a run fail, and which names a user may give.</summary>
public sealed class FailurePolicyTests
{
    private static Finding At(FindingLevel level, bool suppressed = false) => new()
    {
        RuleId = "MG101",
        Level = level,
        Message = "m",
        File = "pod.yaml",
        Span = SourceSpan.At(1, 1),
        Suppression = suppressed ? new Suppression(SuppressionKind.InlineComment, "reason") : null,
    };

    [Theory]
    [InlineData(FindingLevel.Warning, FindingLevel.Error, false)]
    [InlineData(FindingLevel.Error, FindingLevel.Error, true)]
    [InlineData(FindingLevel.Warning, FindingLevel.Warning, true)]
    [InlineData(FindingLevel.Note, FindingLevel.Warning, false)]
    [InlineData(FindingLevel.Note, FindingLevel.Note, true)]
    [InlineData(FindingLevel.Error, FindingLevel.Off, false)]
    public void A_finding_fails_at_its_level_and_below(object finding, object threshold, bool fails) =>
        Assert.Equal(fails, FailurePolicy.Fails([At((FindingLevel)finding)], (FindingLevel)threshold));

    [Fact]
    public void A_suppressed_finding_never_fails() =>
        Assert.False(FailurePolicy.Fails([At(FindingLevel.Error, suppressed: true)], FindingLevel.Note));

    [Theory]
    [InlineData("error", true, FindingLevel.Error)]
    [InlineData("warning", true, FindingLevel.Warning)]
    [InlineData("note", true, FindingLevel.Note)]
    [InlineData("none", true, FindingLevel.Off)]
    [InlineData("off", false, FindingLevel.Error)]
    [InlineData("Error", false, FindingLevel.Error)]
    [InlineData("", false, FindingLevel.Error)]
    public void Only_the_documented_threshold_names_parse(string text, bool parses, object expected)
    {
        Assert.Equal(parses, FailurePolicy.TryParseThreshold(text, out var threshold));
        Assert.Equal((FindingLevel)expected, threshold);
    }
}
