using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ManifestGuard.Signatures.Sigstore;

/// <summary>
/// A `pki` trust root, loaded: root CAs, trusted intermediates, and the subject email and/or hostname the signing
/// certificate must name. Checked in containers/image's order: the chain (now), then the email, then the hostname.
/// </summary>
internal sealed class PkiCertificates(
    X509Certificate2Collection roots,
    X509Certificate2Collection intermediates,
    string? subjectEmail,
    string? subjectHostname
)
{
    public static PkiCertificates? Load(PkiRoot root, out string? error)
    {
        if (Bundle(root.Roots, "CA roots", out error) is not { } roots)
        {
            return null;
        }
        var intermediates = new X509Certificate2Collection();
        if (root.Intermediates is { } source)
        {
            if (Bundle(source, "CA intermediates", out error) is not { } loaded)
            {
                return null;
            }
            intermediates = loaded;
        }
        if (root.SubjectEmail is null && root.SubjectHostname is null)
        {
            error = "pki needs subjectEmail or subjectHostname";
            return null;
        }
        return new PkiCertificates(roots, intermediates, root.SubjectEmail, root.SubjectHostname);
    }

    /// <summary>The certificate's key when it is trusted at <paramref name="now"/>; otherwise why not.</summary>
    public AsymmetricAlgorithm? Verify(X509Certificate2 leaf, string? chainPem, DateTimeOffset now, out string? error)
    {
        if (SigningCertificates.OfferedIntermediates(chainPem, out error) is not { } offered)
        {
            error = $"certificate chain: {error}";
            return null;
        }
        offered.AddRange(intermediates);
        error = SigningCertificates.VerifyChain(leaf, roots, offered, now, "the time of this check");
        if (error is not null)
        {
            return null;
        }
        var (emails, dnsNames, _) = SigningCertificates.AlternativeNames(leaf);
        if (subjectEmail is not null && !emails.Contains(subjectEmail, StringComparer.Ordinal))
        {
            error = $"certificate subject: the certificate is for {FulcioCertificates.Describe(emails)}, "
                + $"not \"{subjectEmail}\"";
            return null;
        }
        if (subjectHostname is not null && !SigningCertificates.MatchesHostname(leaf, subjectHostname))
        {
            error = $"certificate subject: the certificate names "
                + (dnsNames.Count == 0 ? "no host" : string.Join(", ", dnsNames.Select(d => $"\"{d}\"")))
                + $", not \"{subjectHostname}\"";
            return null;
        }
        return SigningCertificates.PublicKey(leaf);
    }

    private static X509Certificate2Collection? Bundle(KeySource source, string what, out string? error)
    {
        if (source.Read(out error) is not { } bytes)
        {
            return null;
        }
        var bundle = SigningCertificates.ReadBundle(System.Text.Encoding.ASCII.GetString(bytes), out error);
        if (bundle is null)
        {
            error = $"the PKI {what} ({source.Name}) cannot be loaded: {error}";
        }
        return bundle;
    }
}
