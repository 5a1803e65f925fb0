using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>Fresh keys and certificates, base64-encoded PEM as ClusterImagePolicy and ImagePolicy carry them.</summary>
internal static class PemTestData
{
    public static readonly string PublicKey = Base64(NewPublicKey());

    public static readonly string Certificate = Base64(NewCertificate());

    public static readonly string SecondPublicKey = Base64(NewPublicKey());

    public static readonly string SecondCertificate = Base64(NewCertificate());

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));

    private static string NewPublicKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem() + "\n";
    }

    private static string NewCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=root.example.com", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem() + "\n";
    }
}
