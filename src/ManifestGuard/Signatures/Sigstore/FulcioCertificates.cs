using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ManifestGuard.Signatures.Sigstore;

/// <summary>
/// A `fulcio` trust root, loaded: the CA certificates and the identity a signing certificate must carry. Checked in
/// containers/image's order: the chain to the CA at the Rekor SET's integrated time (Fulcio certificates live ten
/// minutes), then the OIDC issuer recorded by Fulcio, then the subject email.
/// </summary>
internal sealed class FulcioCertificates(X509Certificate2Collection ca, string oidcIssuer, string subjectEmail)
{
    /// <summary>The issuer extension Fulcio wrote first (raw bytes), deprecated but still accepted.</summary>
    private const string IssuerV1 = "1.3.6.1.4.1.57264.1.1";

    /// <summary>The issuer extension Fulcio writes now (a DER UTF8String).</summary>
    private const string IssuerV2 = "1.3.6.1.4.1.57264.1.8";

    public static FulcioCertificates? Load(FulcioRoot root, out string? error)
    {
        if (root.Ca.Read(out error) is not { } bytes)
        {
            return null;
        }
        var ca = SigningCertificates.ReadBundle(System.Text.Encoding.ASCII.GetString(bytes), out error);
        if (ca is null)
        {
            error = $"the Fulcio CA ({root.Ca.Name}) cannot be loaded: {error}";
            return null;
        }
        if (root.OidcIssuer.Length == 0 || root.SubjectEmail.Length == 0)
        {
            error = "fulcio needs oidcIssuer and subjectEmail";
            return null;
        }
        return new FulcioCertificates(ca, root.OidcIssuer, root.SubjectEmail);
    }

    /// <summary>
    /// The certificate's key when it is trusted at <paramref name="integratedTime"/>; otherwise why not.
    /// </summary>
    public AsymmetricAlgorithm? Verify(
        X509Certificate2 leaf,
        string? chainPem,
        DateTimeOffset integratedTime,
        out string? error
    )
    {
        if (SigningCertificates.OfferedIntermediates(chainPem, out error) is not { } intermediates)
        {
            error = $"certificate chain: {error}";
            return null;
        }
        error = SigningCertificates.VerifyChain(leaf, ca, intermediates, integratedTime, "the Rekor integrated time");
        if (error is not null)
        {
            return null;
        }
        if (Issuer(leaf, out error) is not { } issuer)
        {
            error = $"certificate issuer: {error}";
            return null;
        }
        if (issuer != oidcIssuer)
        {
            error = $"certificate issuer: the signer was authenticated by \"{issuer}\", not \"{oidcIssuer}\"";
            return null;
        }
        var (emails, _, _) = SigningCertificates.AlternativeNames(leaf);
        if (!emails.Contains(subjectEmail, StringComparer.Ordinal))
        {
            error = $"certificate subject: the certificate is for {Describe(emails)}, not \"{subjectEmail}\"";
            return null;
        }
        return SigningCertificates.PublicKey(leaf);
    }

    public static string Describe(List<string> emails) =>
        emails.Count == 0 ? "no email address" : string.Join(", ", emails.Select(e => $"\"{e}\""));

    /// <summary>The OIDC issuer Fulcio recorded; both extensions, when present, must agree.</summary>
    private static string? Issuer(X509Certificate2 leaf, out string? error)
    {
        error = null;
        string? v1 = null;
        string? v2 = null;
        foreach (var extension in leaf.Extensions)
        {
            if (extension.Oid?.Value == IssuerV1)
            {
                if (v1 is not null)
                {
                    error = "the certificate has two OIDC issuer (v1) extensions";
                    return null;
                }
                v1 = System.Text.Encoding.UTF8.GetString(extension.RawData);
            }
            else if (extension.Oid?.Value == IssuerV2)
            {
                if (v2 is not null)
                {
                    error = "the certificate has two OIDC issuer extensions";
                    return null;
                }
                try
                {
                    var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
                    v2 = reader.ReadCharacterString(UniversalTagNumber.UTF8String);
                    if (reader.HasData)
                    {
                        error = "the OIDC issuer extension has trailing data";
                        return null;
                    }
                }
                catch (AsnContentException e)
                {
                    error = $"the OIDC issuer extension is not a UTF8String ({e.Message})";
                    return null;
                }
            }
        }
        if (v1 is not null && v2 is not null && v1 != v2)
        {
            error = $"the certificate's two OIDC issuer extensions disagree (\"{v1}\", \"{v2}\")";
            return null;
        }
        if ((v1 ?? v2) is null)
        {
            error = "the certificate records no OIDC issuer (not issued by Fulcio)";
        }
        return v1 ?? v2;
    }
}
