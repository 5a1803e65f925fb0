using Xunit;

namespace ManifestGuard.Tests.Signatures.Upstream;

internal static class UpstreamVerdict
{
    /// <summary>
    /// "accept", "missing" and "invalid policy" must be the verdict itself; a label must be the reason every
    /// signature was refused for (the first one's, when signatures differ).
    /// </summary>
    public static void AssertEqual(string name, string expected, string verdict)
    {
        if (expected == "unusable keys")
        {
            Assert.True(verdict.StartsWith(expected, StringComparison.Ordinal), $"{name}: expected {expected}, got: {verdict}");
            return;
        }
        if (expected is "accept" or "missing" or "invalid policy")
        {
            Assert.True(expected == verdict, $"{name}: expected {expected}, got: {verdict}");
            return;
        }
        Assert.True(
            verdict.StartsWith($"signature 1: {expected}:", StringComparison.Ordinal),
            $"{name}: expected a refusal for \"{expected}\", got: {verdict}"
        );
    }
}
