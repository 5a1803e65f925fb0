using ManifestGuard.Tests.Analysis;
using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// The `manifestguard` hook run by Debian's real pre-commit on one staged file, in a repository whose
/// ClusterImagePolicy lives in another folder: the policy applies as it does in a check of the whole repository.
/// </summary>
[Trait(Requires.Trait, Requires.PreCommit)]
[Trait(Requires.Trait, Requires.Git)]
[Collection(PreCommitPinTests.Name)]
public sealed class PreCommitRepositoryPolicyTests(PreCommitFixture fixture)
{
    [Fact]
    public void A_staged_manifest_gets_the_policy_findings_of_a_full_check()
    {
        using var repo = fixture.NewConsumer("manifestguard");
        repo.Write(".manifestguard.yaml", "rules: {MG101: off}\n");
        repo.Write("cluster/acme-signed.yaml", RepositoryPoliciesTests.AcmeSigned);
        PreCommitFixture.Git(repo.Path, "add", ".");
        PreCommitFixture.Git(repo.Path, "commit", "-q", "--no-verify", "-m", "cluster policy");
        repo.Write("apps/payments.yaml", RepositoryPoliciesTests.Payments);
        PreCommitFixture.Git(repo.Path, "add", "apps/payments.yaml");

        var hook = fixture.PreCommit(repo.Path, "run");
        var full = CliRunner.Run(repo.Path, null, "check", ".");

        Assert.True(hook.ExitCode == 1, hook.ToString());
        const string Finding = "apps/payments.yaml:10:16: error MG301 digest-required-by-policy";
        Assert.Contains(Finding, hook.Stdout, StringComparison.Ordinal);
        Assert.Contains(Finding, full.Stdout, StringComparison.Ordinal);
        static List<string> FindingLines(string output) =>
            [.. output.Split('\n').Where(l => l.StartsWith("apps/", StringComparison.Ordinal)).Select(l => l.TrimEnd('\r'))];
        Assert.Equal(FindingLines(full.Stdout), FindingLines(hook.Stdout));
    }
}
