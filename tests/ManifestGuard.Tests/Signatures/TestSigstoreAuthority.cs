using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ManifestGuard.Tests.Signatures;

/// <summary>
/// A certificate authority and a Rekor log made in process, for signatures whose certificates the tests control:
/// a root and an intermediate CA (ECDSA P-256), leaf certificates as Fulcio or a private PKI issues them, and Rekor
/// signed entry timestamps made the way Rekor makes them (ECDSA over the SHA-256 of the RFC 8785 canonical JSON of
/// the entry). Payloads are laid out as containers/image writes them.
/// </summary>
public sealed class TestSigstoreAuthority : IDisposable
{
    public const string OidcIssuer = "https://issuer.example.com";
    private const string IssuerV1 = "1.3.6.1.4.1.57264.1.1";
    private const string IssuerV2 = "1.3.6.1.4.1.57264.1.8";

    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private long _logIndex = 1000;

    public TestSigstoreAuthority(string name = "Test Signing")
    {
        var from = DateTimeOffset.UtcNow.AddYears(-10);
        var to = DateTimeOffset.UtcNow.AddYears(10);
        var rootRequest = new CertificateRequest($"CN={name} Root, O=ManifestGuard Tests", _rootKey, HashAlgorithmName.SHA256);
        AddCaExtensions(rootRequest);
        Root = rootRequest.CreateSelfSigned(from, to);
        var intermediateRequest = new CertificateRequest(
            $"CN={name} Intermediate, O=ManifestGuard Tests",
            _intermediateKey,
            HashAlgorithmName.SHA256
        );
        AddCaExtensions(intermediateRequest);
        using var intermediate = intermediateRequest.Create(Root, from.AddDays(1), to.AddDays(-1), [1, 2, 3, 4]);
        Intermediate = intermediate.CopyWithPrivateKey(_intermediateKey);
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    public ECDsa RekorKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string RootPem => Root.ExportCertificatePem() + "\n";

    public string RekorPublicKeyPem => RekorKey.ExportSubjectPublicKeyInfoPem() + "\n";

    /// <summary>The chain annotation cosign writes: the intermediate, then the root.</summary>
    public string ChainPem => Intermediate.ExportCertificatePem() + "\n" + Root.ExportCertificatePem() + "\n";

    /// <summary>A leaf for <paramref name="key"/> issued by the intermediate.</summary>
    public X509Certificate2 Issue(
        ECDsa key,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        string? email = null,
        string? dnsName = null,
        string? issuerV1 = OidcIssuer,
        string? issuerV2 = OidcIssuer,
        bool codeSigning = true
    )
    {
        var request = new CertificateRequest(new X500DistinguishedName(""), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (email is not null)
        {
            names.AddEmailAddress(email);
        }
        if (dnsName is not null)
        {
            names.AddDnsName(dnsName);
        }
        if (email is not null || dnsName is not null)
        {
            // Fulcio leaves have no subject, so their alternative names are critical.
            request.CertificateExtensions.Add(names.Build(critical: true));
        }
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(
            new X509EnhancedKeyUsageExtension(
                [new Oid(codeSigning ? "1.3.6.1.5.5.7.3.3" : "1.3.6.1.5.5.7.3.1")],
                false
            )
        );
        if (issuerV1 is not null)
        {
            request.CertificateExtensions.Add(new X509Extension(IssuerV1, Encoding.UTF8.GetBytes(issuerV1), false));
        }
        if (issuerV2 is not null)
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            writer.WriteCharacterString(UniversalTagNumber.UTF8String, issuerV2);
            request.CertificateExtensions.Add(new X509Extension(IssuerV2, writer.Encode(), false));
        }
        return request.Create(Intermediate, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
    }

    /// <summary>The payload containers/image writes for a sigstore signature.</summary>
    public static byte[] Payload(string dockerReference, string manifestDigest) =>
        Encoding.UTF8.GetBytes(
            $$"""{"critical":{"identity":{"docker-reference":"{{dockerReference}}"},"image":{"docker-manifest-digest":"{{manifestDigest}}"},"type":"cosign container image signature"},"optional":null}"""
        );

    /// <summary>
    /// The layer annotations of a signature by <paramref name="key"/> over <paramref name="payload"/>, with its
    /// certificate and chain, and a Rekor bundle logged at <paramref name="integratedTime"/> when it is given.
    /// </summary>
    public Dictionary<string, string> Annotations(
        ECDsa key,
        X509Certificate2 certificate,
        byte[] payload,
        DateTimeOffset? integratedTime,
        bool withChain = true
    )
    {
        var signature = key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var certificatePem = certificate.ExportCertificatePem() + "\n";
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["dev.cosignproject.cosign/signature"] = Convert.ToBase64String(signature),
            ["dev.sigstore.cosign/certificate"] = certificatePem,
        };
        if (withChain)
        {
            annotations["dev.sigstore.cosign/chain"] = ChainPem;
        }
        if (integratedTime is { } at)
        {
            annotations["dev.sigstore.cosign/bundle"] = Bundle(certificatePem, signature, payload, at);
        }
        return annotations;
    }

    /// <summary>
    /// A Rekor bundle for a hashedrekord entry of the signer (certificate or public key PEM), the signature and the
    /// payload's SHA-256. Its Payload is written with members out of order and with spaces, as a client may keep
    /// it; the SET signs the canonical form, as Rekor does.
    /// </summary>
    public string Bundle(string signerPem, byte[] signature, byte[] payload, DateTimeOffset integratedTime)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(payload));
        var data = $$"""{"hash":{"algorithm":"sha256","value":"{{hash}}"}""" + "}";
        var publicKey = Convert.ToBase64String(Encoding.UTF8.GetBytes(signerPem));
        var signed = $$"""{"content":"{{Convert.ToBase64String(signature)}}","publicKey":{"content":"{{publicKey}}"}""" + "}";
        var entry = $$"""{"apiVersion":"0.0.1","kind":"hashedrekord","spec":{"data":{{data}},"signature":{{signed}}}""" + "}";
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(entry));
        var time = integratedTime.ToUnixTimeSeconds();
        var index = Interlocked.Increment(ref _logIndex);
        const string logId = "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d";
        var canonical = $$"""{"body":"{{body}}","integratedTime":{{time}},"logID":"{{logId}}","logIndex":{{index}}}""";
        var timestamp = RekorKey.SignData(
            Encoding.UTF8.GetBytes(canonical),
            HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence
        );
        var asDelivered = $$"""{ "logIndex": {{index}}, "logID": "{{logId}}", "integratedTime": {{time}}, "body": "{{body}}" }""";
        return $$"""{"SignedEntryTimestamp":"{{Convert.ToBase64String(timestamp)}}","Payload":{{asDelivered}}}""";
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        _rootKey.Dispose();
        _intermediateKey.Dispose();
        RekorKey.Dispose();
    }

    private static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true)
        );
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }
}
