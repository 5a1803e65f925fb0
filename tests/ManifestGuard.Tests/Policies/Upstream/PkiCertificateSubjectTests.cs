using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>
/// pkiCertificateSubject as the ClusterImagePolicy CRD's CEL rules read it (openshift/api config/v1): email
/// `^\S+@\S+$` with RE2's ASCII `\S` and `$` at the very end; hostname a DNS-1123 subdomain after an optional
/// `*.` prefix, at most 253 characters.
/// </summary>
public sealed class PkiCertificateSubjectTests
{
    private static readonly string Roots = PemTestData.Certificate;

    [Theory]
    [InlineData("email: release@example.com", true)]
    [InlineData("email: a@b", true)]
    [InlineData("email: \"a\u00a0b@example.com\"", true)]
    [InlineData("email: \"a b@example.com\"", false)]
    [InlineData("email: \"release@example.com\\n\"", false)]
    [InlineData("email: release.example.com", false)]
    [InlineData("hostname: build.example.com", true)]
    [InlineData("hostname: \"*.example.com\"", true)]
    [InlineData("hostname: \"*.*.example.com\"", false)]
    [InlineData("hostname: Build.example.com", false)]
    [InlineData("hostname: build-.example.com", false)]
    [InlineData("hostname: \"*.\"", false)]
    [InlineData("hostname: example", true)]
    public void The_subject_is_checked_as_the_crd_does(string subject, bool valid)
    {
        var yaml = $"""
            apiVersion: config.openshift.io/v1
            kind: ClusterImagePolicy
            metadata:
              name: pki
            spec:
              scopes: [registry.example.com]
              policy:
                rootOfTrust:
                  policyType: PKI
                  pki:
                    caRootsData: {Roots}
                    pkiCertificateSubject:
                      {subject}
            """;

        var set = FromManifests(yaml);

        Assert.Equal(!valid, set.Problems.Any(p => p.RuleId == "MG304"));
    }

    [Fact]
    public void A_hostname_longer_than_253_characters_is_refused()
    {
        var hostname = string.Join('.', Enumerable.Repeat(new string('a', 60), 5));
        var yaml = $"apiVersion: config.openshift.io/v1\nkind: ClusterImagePolicy\nmetadata:\n  name: pki\nspec:\n  scopes: [registry.example.com]\n"
            + $"  policy:\n    rootOfTrust:\n      policyType: PKI\n      pki:\n        caRootsData: {Roots}\n        pkiCertificateSubject:\n          hostname: {hostname}\n";

        var problem = Assert.Single(FromManifests(yaml).Problems);
        Assert.Contains("longer than 253", problem.Message, StringComparison.Ordinal);
    }
}
