using Xunit;

namespace ManifestGuard.Tests.Signatures.Upstream;

/// <summary>
/// The rows of containers/image's policy_eval_sigstore_test.go and policy_eval_signedby_test.go
/// (<see cref="PolicyEvalSigstoreRows"/>, <see cref="PolicyEvalSignedByRows"/>): our verdict equals upstream's.
/// </summary>
public sealed class UpstreamVerdictTests
{
    [Theory]
    [MemberData(nameof(PolicyEvalSigstoreRows.IsSignatureAccepted), MemberType = typeof(PolicyEvalSigstoreRows))]
    [MemberData(nameof(PolicyEvalSigstoreRows.IsRunningImageAllowed), MemberType = typeof(PolicyEvalSigstoreRows))]
    [MemberData(nameof(PolicyEvalSignedByRows.IsSignatureAuthorAccepted), MemberType = typeof(PolicyEvalSignedByRows))]
    [MemberData(nameof(PolicyEvalSignedByRows.IsRunningImageAllowed), MemberType = typeof(PolicyEvalSignedByRows))]
    public void Equals_containers_image(
        string name,
        string requirement,
        string image,
        string reference,
        string signatures,
        string expected
    )
    {
        var verdict = UpstreamFixtures.Verdict(requirement, image, reference, signatures, DateTimeOffset.UtcNow);

        AssertEqual(name, expected, verdict);
    }

    /// <summary>
    /// "accept", "missing" and "invalid policy" must be the verdict itself; a label must be the reason every
    /// signature was refused for (the first one's, when signatures differ).
    /// </summary>
    private static void AssertEqual(string name, string expected, string verdict)
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
