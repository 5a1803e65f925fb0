using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using ManifestGuard.Policies.OpenShiftImagePolicy;
using ManifestGuard.Tests.Policies.Upstream;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.OpenShiftImagePolicy;

/// <summary>
/// Each validation of a ClusterImagePolicy on its own: one fault per case, the line the problem points at and the
/// platform's exact words (users read them), and the lengths at each limit and one over.
/// </summary>
public sealed class SigstoreImagePolicyReaderMutationTests
{
    private const string Header = """
        apiVersion: config.openshift.io/v1
        kind: ClusterImagePolicy
        metadata:
          name: p
        spec:
          scopes: [example.com/team]
          policy:

        """;

    private const string Prefix = "ClusterImagePolicy/p: ";

    private const string ValidRootOfTrust = "policyType: PublicKey\npublicKey:\n  keyData: <key>";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string PublicKeyPem() => Encoding.UTF8.GetString(Convert.FromBase64String(PemTestData.PublicKey));

    private static string Indent(string snippet, int spaces) =>
        string.Concat(snippet.Split('\n').Select(line => new string(' ', spaces) + line + "\n"));

    /// <summary>
    /// The problems of one ClusterImagePolicy as "line: message" (without the object's name), one per line. The
    /// policy's `rootOfTrust:` is line 8, its members start on line 9; `signedIdentity:` follows them.
    /// </summary>
    private static string Problems(string rootOfTrust, string? signedIdentity = null)
    {
        var text = Header
            + (rootOfTrust.Length == 0 ? "" : "    rootOfTrust:\n" + Indent(Substitute(rootOfTrust), 6))
            + (signedIdentity is null ? "" : "    signedIdentity:\n" + Indent(signedIdentity, 6));
        var set = FromManifests(text);
        Assert.All(set.Problems, p => Assert.Equal("MG304", p.RuleId));
        Assert.All(set.Problems, p => Assert.StartsWith(Prefix, p.Message, StringComparison.Ordinal));
        // An object the API server refuses is left out: its scope asks for nothing.
        var applied = RuleIds(set, Use("example.com/team/app:1")) == "MG301";
        Assert.Equal(set.Problems.Count == 0, applied);
        return string.Join("\n", set.Problems.Select(p => $"{p.Span.StartLine}: {p.Message[Prefix.Length..]}"));
    }

    /// <summary>The generated key and certificate in place of `<key>` and `<cert>` (not base64 characters).</summary>
    private static string Substitute(string snippet) => snippet
        .Replace("<key>", PemTestData.PublicKey, StringComparison.Ordinal)
        .Replace("<cert>", PemTestData.Certificate, StringComparison.Ordinal);

    private const string Unusable = ": nodes will fail to verify every image in these scopes";

    [Fact]
    public void A_public_key_alone_is_accepted() => Assert.Equal("", Problems(ValidRootOfTrust));

    [Fact]
    public void A_policy_without_a_root_of_trust_is_refused() =>
        Assert.Equal("8: spec.policy.rootOfTrust is required", Problems("", "matchPolicy: MatchRepository"));

    [Theory]
    [InlineData("publicKey:\n  keyData: <key>", "9: rootOfTrust.policyType is required")]
    [InlineData("publicKey:\n  keyData: <key>\npolicyType: Sigstore",
        "11: rootOfTrust.policyType \"Sigstore\" is not one of PublicKey, FulcioCAWithRekor, PKI")]
    [InlineData("policyType: PublicKey\npublicKey:\n  keyData: <key>\npki: x",
        "12: pki is required when policyType is PKI, and forbidden otherwise")]
    [InlineData("policyType: PKI\npublicKey: x",
        "10: publicKey is required when policyType is PublicKey, and forbidden otherwise\n" +
        "9: pki is required when policyType is PKI, and forbidden otherwise")]
    public void The_policy_type_and_its_member_must_agree(string rootOfTrust, string expected) =>
        Assert.Equal(expected, Problems(rootOfTrust));

    // PublicKey: keyData required, at least 68 characters; rekorKeyData optional.
    [Theory]
    [InlineData("policyType: PublicKey\npublicKey:\n  rekorKeyData: <key>", "11: keyData is required")]
    [InlineData("policyType: PublicKey\npublicKey:\n  rekorKeyData: <key>\n  keyData: [x]", "12: keyData is required")]
    [InlineData("policyType: PublicKey\npublicKey:\n  keyData: <key>\n  rekorKeyData: [x]",
        "12: rekorKeyData is required")]
    [InlineData("policyType: PublicKey\npublicKey:\n  keyData: <key>\n  rekorKeyData: <key>", "")]
    [InlineData("policyType: PublicKey\npublicKey:\n  keyData: <key>\n  rekorKeyData: not*base64",
        "12: rekorKeyData is not valid base64")]
    [InlineData("policyType: PublicKey\npublicKey:\n  keyData: <key>\n  rekorKeyData: <cert>",
        "12: the rekorKeyData must start with base64 encoding of '-----BEGIN PUBLIC KEY-----'.")]
    public void Public_key_members_are_checked_each_on_its_own(string rootOfTrust, string expected) =>
        Assert.Equal(expected, Problems(rootOfTrust));

    /// <summary>
    /// keyData values by case name: the key is generated per run, so the theory's rows carry the name (a test runner
    /// must see the same rows each time it lists them) and the value is built here.
    /// </summary>
    private static readonly Dictionary<string, string> KeyData = NewKeyData();

    private static Dictionary<string, string> NewKeyData()
    {
        var key = PublicKeyPem();
        // PEM allows text between blocks: two copies of the key and filler make 6144 bytes, 8192 base64 characters.
        var filler = new string('x', 6144 - 1 - (2 * key.Length));
        var atLimit = Base64(key + filler + "\n" + key);
        var spkiWithoutAlgorithmOid = new AsnWriter(AsnEncodingRules.DER);
        using (spkiWithoutAlgorithmOid.PushSequence())
        {
            using (spkiWithoutAlgorithmOid.PushSequence())
            {
                spkiWithoutAlgorithmOid.WriteInteger(1);
            }
            spkiWithoutAlgorithmOid.WriteBitString([0x04, 0x01]);
        }
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["8192 characters"] = atLimit,
            ["8193 characters"] = atLimit + "A",
            ["67 characters"] = new string('A', 67),
            ["68 characters, empty block"] = Base64("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----"),
            ["not base64"] = '"' + new string('*', 68) + '"',
            ["no end marker"] = Base64("-----BEGIN PUBLIC KEY-----\n" + new string('A', 64) + "\n"),
            ["end marker without newline"] = Base64(key.TrimEnd('\n')),
            ["algorithm without OID"] =
                Base64(PemEncoding.WriteString("PUBLIC KEY", spkiWithoutAlgorithmOid.Encode()) + "\n"),
            ["unreadable block"] =
                Base64("-----BEGIN PUBLIC KEY-----\n!!!! not base64 !!!!\n-----END PUBLIC KEY-----\n"),
        };
    }

    [Theory]
    [InlineData("8192 characters", "")]
    [InlineData("8193 characters", "11: keyData is 8193 characters long, more than the 8192 allowed")]
    [InlineData("67 characters", "11: keyData should be at least 68 characters long")]
    [InlineData("68 characters, empty block",
        "11: keyData passes the API's checks but does not hold a valid public key" + Unusable)]
    [InlineData("not base64", "11: keyData is not valid base64")]
    [InlineData("no end marker", "11: the keyData must end with base64 encoding of '-----END PUBLIC KEY-----'.")]
    [InlineData("end marker without newline", "")]
    [InlineData("algorithm without OID",
        "11: keyData passes the API's checks but does not hold a valid public key" + Unusable)]
    [InlineData("unreadable block",
        "11: keyData passes the API's checks but does not hold a valid public key (no readable PEM block)" + Unusable)]
    public void Key_data_lengths_markers_and_content(string keyData, string expected) =>
        Assert.Equal(expected, Problems($"policyType: PublicKey\npublicKey:\n  keyData: {KeyData[keyData]}"));

    private const string Subject =
        "  fulcioSubject:\n    oidcIssuer: https://oidc.example.com\n    signedEmail: release@example.com";

    private const string FulcioData = "  fulcioCAData: <cert>\n  rekorKeyData: <key>\n";

    // FulcioCAWithRekor: fulcioCAData, rekorKeyData and fulcioSubject (oidcIssuer, signedEmail) all required.
    [Theory]
    [InlineData(FulcioData + Subject, "")]
    [InlineData("  rekorKeyData: <key>\n" + Subject, "11: fulcioCAData is required")]
    [InlineData("  fulcioCAData: <cert>\n" + Subject, "11: rekorKeyData is required")]
    [InlineData("  fulcioCAData: <cert>\n  rekorKeyData: <key>", "11: fulcioSubject is required")]
    [InlineData(FulcioData + "  fulcioSubject:\n    signedEmail: release@example.com",
        "14: fulcioSubject.oidcIssuer is required")]
    [InlineData(FulcioData + "  fulcioSubject:\n    signedEmail: release@example.com\n    oidcIssuer: not a url",
        "15: oidcIssuer must be a valid URL")]
    [InlineData(FulcioData + "  fulcioSubject:\n    oidcIssuer: https://oidc.example.com",
        "14: fulcioSubject.signedEmail is required")]
    [InlineData(FulcioData + "  fulcioSubject:\n    oidcIssuer: https://oidc.example.com\n    signedEmail: release",
        "15: invalid email address")]
    public void Fulcio_members_are_checked_each_on_its_own(string fulcio, string expected) =>
        Assert.Equal(expected, Problems("policyType: FulcioCAWithRekor\nfulcioCAWithRekor:\n" + fulcio));

    [Theory]
    [InlineData(2048, 320, "")]
    [InlineData(2049, 320, "14: oidcIssuer must be a valid URL")]
    [InlineData(2048, 321, "15: invalid email address")]
    public void Fulcio_subject_lengths_at_the_limit_and_one_over(int issuerLength, int emailLength, string expected)
    {
        var issuer = "https://oidc.example.com/" + new string('a', issuerLength - "https://oidc.example.com/".Length);
        var email = new string('a', emailLength - "@example.com".Length) + "@example.com";
        var fulcio = FulcioData + $"  fulcioSubject:\n    oidcIssuer: {issuer}\n    signedEmail: {email}";
        Assert.Equal(expected, Problems("policyType: FulcioCAWithRekor\nfulcioCAWithRekor:\n" + fulcio));
    }

    public static TheoryData<string, string> CertificateDataCases() => new()
    {
        { Base64(PemEncoding.WriteString("CERTIFICATE", [1, 2, 3, 4]) + "\n"),
            $"11: fulcioCAData passes the API's checks but does not hold a valid X.509 certificate{Unusable}" },
        { Base64("-----BEGIN CERTIFICATE-----\n!!!! not base64 !!!!\n-----END CERTIFICATE-----\n"),
            "11: fulcioCAData passes the API's checks but does not hold a valid X.509 certificate " +
            "(no readable PEM block)" +
            Unusable },
        { Base64("-----BEGIN CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
            "11: fulcioCAData must be base64 encoding of valid PEM format data contain the same number of " +
            "'-----BEGIN CERTIFICATE-----' and '-----END CERTIFICATE-----' markers." },
        { Base64("-----BEGIN CERTIFICATE-----\nAAAA\n"),
            "11: the fulcioCAData must end with base64 encoding of '-----END CERTIFICATE-----'." },
    };

    [Theory]
    [MemberData(nameof(CertificateDataCases))]
    public void Certificate_data_markers_and_content(string data, string expected) =>
        Assert.Equal(expected, Problems(
            "policyType: FulcioCAWithRekor\nfulcioCAWithRekor:\n" +
            $"  fulcioCAData: {data}\n  rekorKeyData: <key>\n" + Subject));

    private const string PkiSubject = "  pkiCertificateSubject:\n    email: release@example.com";

    // PKI: caRootsData required and caIntermediatesData optional, both at least 72 characters; a certificate subject.
    [Theory]
    [InlineData("  caRootsData: <cert>\n  pkiCertificateSubject:\n    email: release@example.com", "")]
    [InlineData("  pkiCertificateSubject:\n    email: release@example.com", "11: caRootsData is required")]
    [InlineData("  caRootsData: <cert>\n  caIntermediatesData: <cert>\n" + PkiSubject, "")]
    [InlineData("  caRootsData: <cert>\n  caIntermediatesData: AAAA\n" + PkiSubject,
        "12: caIntermediatesData should be at least 72 characters long")]
    [InlineData("  caRootsData: <cert>", "11: pkiCertificateSubject is required")]
    [InlineData("  caRootsData: <cert>\n  pkiCertificateSubject: {}",
        "12: at least one of email or hostname must be set in pkiCertificateSubject")]
    [InlineData("  caRootsData: <cert>\n  pkiCertificateSubject:\n    email: release",
        "13: pkiCertificateSubject.email: invalid email address")]
    [InlineData("  caRootsData: <cert>\n  pkiCertificateSubject:\n    email: [release@example.com]",
        "13: pkiCertificateSubject.email: invalid email address")]
    [InlineData("  caRootsData: <cert>\n  pkiCertificateSubject:\n    hostname: Build_Host",
        "13: pkiCertificateSubject.hostname must be a valid dns 1123 subdomain name, optionally prefixed by '*.'. " +
        "It must consist only of lowercase alphanumeric characters, hyphens, periods and the optional " +
        "preceding asterisk.")]
    public void Pki_members_are_checked_each_on_its_own(string pki, string expected) =>
        Assert.Equal(expected, Problems("policyType: PKI\npki:\n" + pki));

    [Theory]
    [InlineData(71, "11: caRootsData should be at least 72 characters long")]
    [InlineData(72, $"11: caRootsData passes the API's checks but does not hold a valid X.509 certificate{Unusable}")]
    public void Ca_roots_data_length_at_the_limit_and_one_under(int length, string expected)
    {
        // The two markers alone are 72 base64 characters; one fewer is refused before the content is looked at.
        var data = Base64("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")[..length];
        Assert.Equal(expected, Problems($"policyType: PKI\npki:\n  caRootsData: {data}\n" + PkiSubject));
    }

    [Theory]
    [InlineData("email", 320, "")]
    [InlineData("email", 321, "13: pkiCertificateSubject.email may not be longer than 320 characters")]
    [InlineData("hostname", 253, "")]
    [InlineData("hostname", 254, "13: pkiCertificateSubject.hostname may not be longer than 253 characters")]
    [InlineData("wildcard", 253, "")]
    [InlineData("wildcard", 254, "13: pkiCertificateSubject.hostname may not be longer than 253 characters")]
    public void Pki_subject_lengths_at_the_limit_and_one_over(string field, int length, string expected)
    {
        var subject = field switch
        {
            "email" => "email: " + new string('a', length - "@example.com".Length) + "@example.com",
            "hostname" => "hostname: " + Hostname(length),
            _ => "hostname: \"*." + Hostname(length - 2) + "\"",
        };
        Assert.Equal(expected,
            Problems($"policyType: PKI\npki:\n  caRootsData: <cert>\n  pkiCertificateSubject:\n    {subject}"));
    }

    /// <summary>A DNS-1123 subdomain of <paramref name="length"/> characters: labels of 63, dot-separated.</summary>
    private static string Hostname(int length)
    {
        var text = string.Join(".", Enumerable.Repeat(new string('a', 63), 5))[..length];
        return text.EndsWith('.') ? text[..^1] + "b" : text;
    }

    // signedIdentity: line 12 is `signedIdentity:`, its members start on line 13.
    [Theory]
    [InlineData("matchPolicy: MatchRepoDigestOrExact", "")]
    [InlineData("matchPolicy: MatchRepository", "")]
    [InlineData("matchPolicy: ExactRepository\nexactRepository:\n  repository: example.com/team/app", "")]
    [InlineData("matchPolicy: RemapIdentity\nremapIdentity:\n  prefix: example.com/a\n  signedPrefix: example.com/b",
        "")]
    [InlineData("MatchRepository", "13: signedIdentity must be a mapping")]
    [InlineData("exactRepository:\n  repository: example.com/team/app", "13: signedIdentity.matchPolicy is required")]
    [InlineData("exactRepository:\n  repository: example.com/team/app\nmatchPolicy: Exact",
        "15: matchPolicy \"Exact\" is not one of MatchRepoDigestOrExact, MatchRepository, ExactRepository, " +
        "RemapIdentity")]
    [InlineData("matchPolicy: MatchRepository\nexactRepository: x",
        "14: exactRepository is required when matchPolicy is ExactRepository, and forbidden otherwise")]
    [InlineData("matchPolicy: MatchRepository\nremapIdentity: x",
        "14: remapIdentity is required when matchPolicy is RemapIdentity, and forbidden otherwise")]
    [InlineData("matchPolicy: RemapIdentity",
        "13: remapIdentity is required when matchPolicy is RemapIdentity, and forbidden otherwise")]
    [InlineData("matchPolicy: RemapIdentity\nremapIdentity:\n  signedPrefix: example.com/b", "15: prefix is required")]
    [InlineData("matchPolicy: RemapIdentity\nremapIdentity:\n  prefix: example.com/a", "15: signedPrefix is required")]
    public void Signed_identity_members_are_checked_each_on_its_own(string identity, string expected) =>
        Assert.Equal(expected, Problems(ValidRootOfTrust, identity));

    [Theory]
    [InlineData(512, "")]
    [InlineData(513, "15: repository is longer than 512 characters")]
    public void Repository_length_at_the_limit_and_one_over(int length, string expected)
    {
        var repository = "example.com/" + new string('a', length - "example.com/".Length);
        Assert.Equal(expected,
            Problems(ValidRootOfTrust, $"matchPolicy: ExactRepository\nexactRepository:\n  repository: {repository}"));
    }

    [Theory]
    [InlineData(512, null)]
    [InlineData(513, "longer than 512 characters")]
    public void Scope_length_at_the_limit_and_one_over(int length, string? expected) =>
        Assert.Equal(expected,
            SigstoreImagePolicyReader.CheckScope("example.com/" + new string('a', length - "example.com/".Length)));
}
