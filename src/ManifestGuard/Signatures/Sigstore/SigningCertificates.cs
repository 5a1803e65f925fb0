using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ManifestGuard.Signatures.Sigstore;

/// <summary>
/// What Fulcio and PKI verification share: PEM certificate bundles, the chain to trusted roots at a given moment
/// (built with a custom root trust only, no system store, no downloads, no revocation lookups), the code-signing
/// extended key usage along the chain, and the subject alternative names.
/// </summary>
internal static class SigningCertificates
{
    private const string CodeSigning = "1.3.6.1.5.5.7.3.3";
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";
    private const string SubjectAlternativeName = "2.5.29.17";

    /// <summary>Every certificate in a PEM bundle; null and why when a CERTIFICATE block does not parse or there is
    /// none.</summary>
    public static X509Certificate2Collection? ReadBundle(ReadOnlySpan<char> pem, out string? error)
    {
        error = null;
        var certificates = new X509Certificate2Collection();
        while (PemEncoding.TryFind(pem, out var fields))
        {
            var label = pem[fields.Label];
            var base64 = pem[fields.Base64Data].ToString();
            pem = pem[fields.Location.End..];
            if (!label.SequenceEqual("CERTIFICATE"))
            {
                continue;
            }
            try
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64)));
            }
            catch (Exception e) when (e is CryptographicException or FormatException)
            {
                error = $"a certificate does not parse ({e.Message})";
                return null;
            }
        }
        if (certificates.Count == 0)
        {
            error = "no PEM certificate found";
            return null;
        }
        return certificates;
    }

    /// <summary>The single certificate of a signature's certificate annotation.</summary>
    public static X509Certificate2? ReadLeaf(string pem, out string? error)
    {
        var bundle = ReadBundle(pem, out error);
        if (bundle is null)
        {
            error = $"the signing certificate cannot be read: {error}";
            return null;
        }
        if (bundle.Count != 1)
        {
            error = "the certificate annotation holds more than one certificate";
            return null;
        }
        return bundle[0];
    }

    /// <summary>
    /// The intermediates a signature's chain annotation offers: every certificate but the last, which is its root
    /// and is never trusted from the signature itself.
    /// </summary>
    public static X509Certificate2Collection? OfferedIntermediates(string? chainPem, out string? error)
    {
        error = null;
        var offered = new X509Certificate2Collection();
        if (string.IsNullOrEmpty(chainPem))
        {
            return offered;
        }
        var chain = ReadBundle(chainPem, out error);
        if (chain is null)
        {
            error = $"the certificate chain annotation cannot be read: {error}";
            return null;
        }
        for (var i = 0; i < chain.Count - 1; i++)
        {
            offered.Add(chain[i]);
        }
        return offered;
    }

    /// <summary>
    /// Null when <paramref name="leaf"/> chains to one of <paramref name="roots"/> through
    /// <paramref name="intermediates"/>
    /// with every certificate valid at <paramref name="at"/> and allowed to sign code; otherwise the reason, labelled
    /// "expired" or "certificate chain".
    /// </summary>
    public static string? VerifyChain(
        X509Certificate2 leaf,
        X509Certificate2Collection roots,
        X509Certificate2Collection intermediates,
        DateTimeOffset at,
        string moment
    )
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        var built = chain.Build(leaf);
        var expired = chain.ChainElements.FirstOrDefault(e =>
            e.ChainElementStatus.Any(s => s.Status.HasFlag(X509ChainStatusFlags.NotTimeValid))
        );
        if (expired is not null)
        {
            var certificate = expired.Certificate;
            var (from, to) = (certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
            return $"expired: certificate \"{certificate.Subject}\" is not valid at {moment} {at:u} "
                + $"(valid from {from:u} to {to:u})";
        }
        if (!built)
        {
            var problems = chain
                .ChainStatus.Select(s => s.StatusInformation.Trim())
                .Where(s => s.Length > 0)
                .Distinct(StringComparer.Ordinal);
            return $"certificate chain: \"{leaf.Subject}\" issued by \"{leaf.Issuer}\" does not chain to a trusted CA "
                + $"of the policy ({string.Join("; ", problems)})";
        }
        foreach (var element in chain.ChainElements)
        {
            var usages = element.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
            if (
                usages is not null
                && !usages.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value is CodeSigning or AnyExtendedKeyUsage)
            )
            {
                return $"certificate chain: \"{element.Certificate.Subject}\" is not allowed to sign code "
                    + "(its extended key usage lacks code signing)";
            }
        }
        return null;
    }

    /// <summary>
    /// The email addresses (rfc822Name), DNS names and IP addresses of the certificate's subject alternative names.
    /// </summary>
    public static (List<string> Emails, List<string> DnsNames, List<IPAddress> Addresses) AlternativeNames(
        X509Certificate2 certificate
    )
    {
        var emails = new List<string>();
        var dns = new List<string>();
        var addresses = new List<IPAddress>();
        var extension = certificate.Extensions[SubjectAlternativeName];
        if (extension is null)
        {
            return (emails, dns, addresses);
        }
        try
        {
            ReadAlternativeNames(extension.RawData, emails, dns, addresses);
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException)
        {
            // A malformed extension names nobody: every subject check then fails, as Go refuses such certificates.
            emails.Clear();
            dns.Clear();
            addresses.Clear();
        }
        return (emails, dns, addresses);
    }

    private static void ReadAlternativeNames(
        byte[] extension,
        List<string> emails,
        List<string> dns,
        List<IPAddress> addresses
    )
    {
        var reader = new AsnReader(extension, AsnEncodingRules.DER).ReadSequence();
        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            if (tag.TagClass != TagClass.ContextSpecific || tag.IsConstructed)
            {
                reader.ReadEncodedValue();
                continue;
            }
            switch (tag.TagValue)
            {
                case 1:
                    emails.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                    break;
                case 2:
                    dns.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                    break;
                case 7:
                    addresses.Add(new IPAddress(reader.ReadOctetString(tag)));
                    break;
                default:
                    reader.ReadEncodedValue();
                    break;
            }
        }
    }

    /// <summary>
    /// Whether the certificate is for <paramref name="hostname"/> as Go's VerifyHostname decides: an IP address
    /// against the IP addresses, a name against the DNS names (case-insensitive, a leading `*.` standing for exactly
    /// one label); the subject's common name does not count.
    /// </summary>
    public static bool MatchesHostname(X509Certificate2 certificate, string hostname)
    {
        var (_, dnsNames, addresses) = AlternativeNames(certificate);
        var candidate = hostname.Trim('[', ']');
        if (IPAddress.TryParse(candidate, out var ip))
        {
            return addresses.Any(a => a.Equals(ip));
        }
        var wanted = hostname.TrimEnd('.').ToLowerInvariant();
        foreach (var name in dnsNames.Select(n => n.TrimEnd('.').ToLowerInvariant()))
        {
            if (name == wanted)
            {
                return true;
            }
            if (
                name.StartsWith("*.", StringComparison.Ordinal)
                && wanted.IndexOf('.', StringComparison.Ordinal) is > 0 and var dot
                && wanted[dot..] == name[1..]
            )
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The certificate's public key, for verifying the signature it vouches for.</summary>
    public static AsymmetricAlgorithm? PublicKey(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetECDsaPublicKey() ?? certificate.GetRSAPublicKey();
}
