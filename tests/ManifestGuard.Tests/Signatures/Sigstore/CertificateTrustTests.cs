using System.Security.Cryptography;
using System.Text;
using ManifestGuard.Policies;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.References;
using ManifestGuard.Signatures;
using ManifestGuard.Signatures.Attachments;
using ManifestGuard.Signatures.Sigstore;
using Xunit;

namespace ManifestGuard.Tests.Signatures.Sigstore;

/// <summary>
/// Fulcio and PKI trust roots against certificates made in process: each check containers/image makes
/// (fulcio_cert.go, pki_cert.go, rekor_set.go), one case passing and one failing, with the label MG602 gives.
/// </summary>
public sealed class CertificateTrustTests : IDisposable
{
    private const string Image = "registry.example.com/team/app";
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private readonly TestSigstoreAuthority _authority = new();
    private readonly ECDsa _signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _authority.Dispose();
        _signer.Dispose();
    }

    private string FulcioPolicy(string email = "dev@example.com", string issuer = TestSigstoreAuthority.OidcIssuer, string? ca = null) =>
        $$$"""{"type": "sigstoreSigned", "fulcio": {"caData": "{{{B64(ca ?? _authority.RootPem)}}}", "oidcIssuer": "{{{issuer}}}", "subjectEmail": "{{{email}}}"}, "rekorPublicKeyData": "{{{B64(_authority.RekorPublicKeyPem)}}}", "signedIdentity": {"type": "matchRepository"}}""";

    private string PkiPolicy(string fields) =>
        $$$"""{"type": "sigstoreSigned", "pki": {"caRootsData": "{{{B64(_authority.RootPem)}}}", {{{fields}}}}, "signedIdentity": {"type": "matchRepository"}}""";

    /// <summary>A Fulcio leaf valid ten minutes around the moment it signed, as Fulcio issues them.</summary>
    private Dictionary<string, string> FulcioSigned(
        DateTimeOffset signedAt,
        DateTimeOffset? loggedAt = null,
        string email = "dev@example.com",
        string? issuerV1 = TestSigstoreAuthority.OidcIssuer,
        string? issuerV2 = TestSigstoreAuthority.OidcIssuer,
        bool codeSigning = true
    )
    {
        using var leaf = _authority.Issue(_signer, signedAt.AddMinutes(-1), signedAt.AddMinutes(9), email, null, issuerV1, issuerV2, codeSigning);
        return _authority.Annotations(_signer, leaf, Payload, loggedAt ?? signedAt);
    }

    private static byte[] Payload => TestSigstoreAuthority.Payload(Image, Digest);

    [Fact]
    public void A_Fulcio_certificate_valid_at_the_integrated_time_is_accepted_long_after_it_expired()
    {
        var signedAt = Now.AddDays(-30);

        Assert.Null(Verify(FulcioPolicy(), FulcioSigned(signedAt)));
    }

    [Fact]
    public void A_Fulcio_certificate_logged_after_it_expired_is_refused()
    {
        var signedAt = Now.AddDays(-30);

        var reason = Verify(FulcioPolicy(), FulcioSigned(signedAt, loggedAt: signedAt.AddHours(1)));

        Assert.StartsWith("expired:", reason, StringComparison.Ordinal);
        Assert.Contains("is not valid at the Rekor integrated time", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Fulcio_certificate_logged_before_it_was_valid_is_refused()
    {
        var signedAt = Now.AddDays(-30);

        var reason = Verify(FulcioPolicy(), FulcioSigned(signedAt, loggedAt: signedAt.AddHours(-1)));

        Assert.StartsWith("expired:", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestSigstoreAuthority.OidcIssuer, null, null)]
    [InlineData(null, TestSigstoreAuthority.OidcIssuer, null)]
    [InlineData(TestSigstoreAuthority.OidcIssuer, TestSigstoreAuthority.OidcIssuer, null)]
    [InlineData(TestSigstoreAuthority.OidcIssuer, "https://other.example.com", "certificate issuer")]
    [InlineData("https://other.example.com", null, "certificate issuer")]
    [InlineData(null, "https://other.example.com", "certificate issuer")]
    [InlineData(null, null, "certificate issuer")]
    public void The_OIDC_issuer_is_read_from_either_Fulcio_extension_and_both_must_agree(
        string? v1,
        string? v2,
        string? refusal
    )
    {
        var reason = Verify(FulcioPolicy(), FulcioSigned(Now, issuerV1: v1, issuerV2: v2));

        AssertRefusal(refusal, reason);
    }

    [Fact]
    public void A_Fulcio_certificate_for_another_email_is_refused_with_both_addresses()
    {
        var reason = Verify(FulcioPolicy(email: "release@example.com"), FulcioSigned(Now));

        Assert.StartsWith("certificate subject:", reason, StringComparison.Ordinal);
        Assert.Contains("\"dev@example.com\", not \"release@example.com\"", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_of_another_CA_is_refused()
    {
        using var other = new TestSigstoreAuthority("Other");

        var reason = Verify(FulcioPolicy(ca: other.RootPem), FulcioSigned(Now));

        Assert.StartsWith("certificate chain:", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_that_may_not_sign_code_is_refused()
    {
        var reason = Verify(FulcioPolicy(), FulcioSigned(Now, codeSigning: false));

        Assert.StartsWith("certificate chain:", reason, StringComparison.Ordinal);
        Assert.Contains("code signing", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_SET_whose_entry_was_changed_after_signing_is_refused()
    {
        var annotations = FulcioSigned(Now);
        var bundle = annotations[SigstoreSignature.BundleAnnotation];
        var time = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        annotations[SigstoreSignature.BundleAnnotation] = bundle.Replace(
            $"\"integratedTime\": {time}",
            $"\"integratedTime\": {Now.ToUnixTimeSeconds() - 60}",
            StringComparison.Ordinal
        );

        var reason = Verify(FulcioPolicy(), annotations);

        Assert.NotEqual(bundle, annotations[SigstoreSignature.BundleAnnotation]);
        Assert.StartsWith("Rekor SET:", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_SET_of_another_payload_is_refused()
    {
        var annotations = FulcioSigned(Now);
        var other = TestSigstoreAuthority.Payload(Image, Digest.Replace("0123", "4567", StringComparison.Ordinal));

        var reason = SigstoreSignatureVerifier.Verify(
            new SigstoreSignature(other, annotations),
            Trust(FulcioPolicy(), out var requirement),
            requirement,
            ImageReference.Parse(Image),
            Digest,
            Now
        );

        Assert.StartsWith("Rekor SET:", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"subjectEmail\": \"dev@example.com\"", null)]
    [InlineData("\"subjectHostname\": \"build.example.com\"", null)]
    [InlineData("\"subjectHostname\": \"BUILD.example.com\"", null)]
    [InlineData("\"subjectEmail\": \"dev@example.com\", \"subjectHostname\": \"build.example.com\"", null)]
    [InlineData("\"subjectEmail\": \"ops@example.com\"", "certificate subject")]
    [InlineData("\"subjectHostname\": \"other.example.com\"", "certificate subject")]
    [InlineData("\"subjectHostname\": \"example.com\"", "certificate subject")]
    public void PKI_checks_the_subject_email_and_hostname(string subject, string? refusal)
    {
        using var leaf = _authority.Issue(_signer, Now.AddDays(-1), Now.AddDays(1), "dev@example.com", "build.example.com");

        var reason = Verify(PkiPolicy(subject), _authority.Annotations(_signer, leaf, Payload, null));

        AssertRefusal(refusal, reason);
    }

    [Fact]
    public void PKI_matches_a_wildcard_name_for_one_label_only()
    {
        using var leaf = _authority.Issue(_signer, Now.AddDays(-1), Now.AddDays(1), null, "*.example.com");
        var annotations = _authority.Annotations(_signer, leaf, Payload, null);

        Assert.Null(Verify(PkiPolicy("\"subjectHostname\": \"build.example.com\""), annotations));
        Assert.StartsWith(
            "certificate subject:",
            Verify(PkiPolicy("\"subjectHostname\": \"a.build.example.com\""), annotations),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void PKI_refuses_a_certificate_that_expired_before_now()
    {
        using var leaf = _authority.Issue(_signer, Now.AddDays(-10), Now.AddDays(-1), "dev@example.com");

        var reason = Verify(PkiPolicy("\"subjectEmail\": \"dev@example.com\""), _authority.Annotations(_signer, leaf, Payload, null));

        Assert.StartsWith("expired:", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_not_made_by_the_certificates_key_is_refused()
    {
        using var leaf = _authority.Issue(_signer, Now.AddDays(-1), Now.AddDays(1), "dev@example.com");
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var annotations = _authority.Annotations(_signer, leaf, Payload, null);
        annotations[SigstoreSignature.SignatureAnnotation] = Convert.ToBase64String(
            other.SignData(Payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
        );

        var reason = Verify(PkiPolicy("\"subjectEmail\": \"dev@example.com\""), annotations);

        Assert.StartsWith("wrong key:", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Ed25519_key_is_reported_as_not_verified_never_as_valid_or_wrong()
    {
        // SubjectPublicKeyInfo of an Ed25519 key (RFC 8410): this runtime reads it but cannot verify with it.
        byte[] spki = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, .. new byte[32]];
        var pem = PemEncoding.WriteString("PUBLIC KEY", spki);
        var annotations = new Dictionary<string, string>
        {
            [SigstoreSignature.SignatureAnnotation] = Convert.ToBase64String(new byte[64]),
        };

        var reason = Verify($$$"""{"type": "sigstoreSigned", "keyData": "{{{B64(pem)}}}", "signedIdentity": {"type": "matchRepository"}}""", annotations);

        Assert.StartsWith("not verified:", reason, StringComparison.Ordinal);
        Assert.Contains("Ed25519", reason, StringComparison.Ordinal);
    }

    private static void AssertRefusal(string? refusal, string? reason)
    {
        if (refusal is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.StartsWith(refusal + ":", reason, StringComparison.Ordinal);
        }
    }

    private static string? Verify(string requirementJson, Dictionary<string, string> annotations) =>
        SigstoreSignatureVerifier.Verify(
            new SigstoreSignature(Payload, annotations),
            Trust(requirementJson, out var requirement),
            requirement,
            ImageReference.Parse(Image),
            Digest,
            Now
        );

    private static SigstoreTrustRoot Trust(string requirementJson, out SignatureRequirement requirement)
    {
        var problems = new List<PolicyProblem>();
        var parsed = ContainersPolicyParser.Parse(
            $$"""{"default": [{{requirementJson}}]}""",
            new PolicyOrigin("policy.json", "policy.json", null),
            problems
        );
        Assert.True(parsed.Policy is not null, string.Join("; ", problems.Select(p => p.Message)));
        requirement = SignatureRequirement.From(parsed.Policy.Default.Requirements[0], ".", "policy.json");
        var trust = SigstoreTrustRoot.Load(requirement, out var error);
        Assert.True(trust is not null, error);
        return trust;
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
