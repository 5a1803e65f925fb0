using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.OpenShiftImagePolicy;

/// <summary>
/// Reads ClusterImagePolicy and ImagePolicy objects and validates them as the API server does (the CRD's
/// schema and CEL rules in openshift/api config/v1), plus one check the cluster only makes at pull time:
/// that key and certificate data really decode to a public key or certificate. An object that fails is
/// reported (MG304) and left out, as the API server would refuse it.
/// </summary>
internal static class SigstoreImagePolicyReader
{
    private const int MaxScopes = 256;
    private const int MaxScopeLength = 512;
    private const int MaxDataLength = 8192;

    public static bool IsSigstorePolicy(YamlMapping root) =>
        PolicyYaml.Kind(root) is "ClusterImagePolicy" or "ImagePolicy"
        && PolicyYaml.ApiVersion(root) is "config.openshift.io/v1" or "config.openshift.io/v1alpha1";

    public static SigstoreImagePolicyObject? Read(PolicyDocument document, ICollection<PolicyProblem> problems)
    {
        var root = document.Root;
        var kind = PolicyYaml.Kind(root)!;
        var name = PolicyYaml.Name(root) ?? "(unnamed)";
        var ns = kind == "ImagePolicy" ? PolicyYaml.Namespace(root) : null;
        var objectName = ns is null ? $"{kind}/{name}" : $"{kind}/{ns}/{name}";
        var before = problems.Count;
        void Fail(YamlNode? at, string message) =>
            problems.Add(new PolicyProblem(RuleIds.InvalidImagePolicy, $"{objectName}: {message}", document.File, (at ?? root).Span, objectName));

        var spec = root["spec"] as YamlMapping;
        var scopes = new List<PolicyScope>();
        if (spec?["scopes"] is not YamlSequence scopeList)
        {
            Fail(spec ?? (YamlNode)root, "spec.scopes is required");
        }
        else
        {
            if (scopeList.Items.Count > MaxScopes)
            {
                Fail(scopeList, $"spec.scopes has {scopeList.Items.Count} items, more than the {MaxScopes} allowed");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in scopeList.Items)
            {
                if (item is not YamlScalar scope)
                {
                    Fail(item, "each scope must be a string");
                    continue;
                }
                if (!seen.Add(scope.Value))
                {
                    Fail(scope, $"duplicate scope \"{scope.Value}\" (scopes are a set)");
                    continue;
                }
                if (CheckScope(scope.Value) is { } error)
                {
                    Fail(scope, $"scope \"{scope.Value}\": {error}");
                    continue;
                }
                scopes.Add(new PolicyScope(scope.Value, scope));
            }
        }

        var policy = spec?["policy"] as YamlMapping;
        if (policy is null)
        {
            Fail(spec ?? (YamlNode)root, "spec.policy is required");
        }
        else
        {
            CheckRootOfTrust(policy["rootOfTrust"], policy, Fail);
            if (policy["signedIdentity"] is { } identity)
            {
                CheckSignedIdentity(identity, Fail);
            }
        }

        return problems.Count == before ? new SigstoreImagePolicyObject(kind, name, ns, document.File, scopes) : null;
    }

    /// <summary>The three scope rules of ImageScope, with the platform's messages; null when valid.</summary>
    public static string? CheckScope(string scope)
    {
        if (scope.Length > MaxScopeLength)
        {
            return $"longer than {MaxScopeLength} characters";
        }
        var host = scope.Split('/')[0];
        if (host.Split('.').Length == 1 && host.Split(':')[0] != "localhost")
        {
            return "invalid image scope format, scope must contain a fully qualified domain name or 'localhost'";
        }
        if (scope.Contains('*', StringComparison.Ordinal))
        {
            return OpenShiftPatterns.WildcardScope().IsMatch(scope) ? null
                : "invalid image scope with wildcard, a wildcard can only be at the start of the domain and is only supported for subdomain matching, not path matching";
        }
        return OpenShiftPatterns.Scope().IsMatch(scope) ? null : "invalid repository namespace or image specification in the image scope";
    }

    private static void CheckRootOfTrust(YamlNode? node, YamlMapping policy, Action<YamlNode?, string> fail)
    {
        if (node is not YamlMapping rootOfTrust)
        {
            fail(policy, "spec.policy.rootOfTrust is required");
            return;
        }
        var type = rootOfTrust.ScalarAt("policyType");
        if (type is not ("PublicKey" or "FulcioCAWithRekor" or "PKI"))
        {
            fail(rootOfTrust["policyType"] ?? rootOfTrust, type is null ? "rootOfTrust.policyType is required" : $"rootOfTrust.policyType \"{type}\" is not one of PublicKey, FulcioCAWithRekor, PKI");
            return;
        }
        foreach (var (member, memberType) in new[] { ("publicKey", "PublicKey"), ("fulcioCAWithRekor", "FulcioCAWithRekor"), ("pki", "PKI") })
        {
            var present = rootOfTrust[member] is not null;
            if (present != (type == memberType))
            {
                fail(rootOfTrust[member] ?? rootOfTrust, $"{member} is required when policyType is {memberType}, and forbidden otherwise");
            }
        }
        switch (type)
        {
            case "PublicKey" when rootOfTrust["publicKey"] is YamlMapping publicKey:
                CheckData(publicKey, "keyData", required: true, PemKind.PublicKey, minLength: 68, fail);
                CheckData(publicKey, "rekorKeyData", required: false, PemKind.PublicKey, minLength: 0, fail);
                break;
            case "FulcioCAWithRekor" when rootOfTrust["fulcioCAWithRekor"] is YamlMapping fulcio:
                CheckData(fulcio, "fulcioCAData", required: true, PemKind.Certificates, minLength: 0, fail);
                CheckData(fulcio, "rekorKeyData", required: true, PemKind.PublicKey, minLength: 0, fail);
                if (fulcio["fulcioSubject"] is not YamlMapping subject)
                {
                    fail(fulcio, "fulcioSubject is required");
                    break;
                }
                CheckFulcioSubject(subject, "oidcIssuer", 2048, "oidcIssuer must be a valid URL", fail,
                    issuer => Uri.TryCreate(issuer, UriKind.Absolute, out _));
                CheckFulcioSubject(subject, "signedEmail", 320, "invalid email address", fail,
                    email => OpenShiftPatterns.Email().IsMatch(email));
                break;
            case "PKI" when rootOfTrust["pki"] is YamlMapping pki:
                CheckData(pki, "caRootsData", required: true, PemKind.Certificates, minLength: 72, fail);
                CheckData(pki, "caIntermediatesData", required: false, PemKind.Certificates, minLength: 72, fail);
                if (pki["pkiCertificateSubject"] is not YamlMapping certificateSubject)
                {
                    fail(pki, "pkiCertificateSubject is required");
                }
                else
                {
                    CheckCertificateSubject(certificateSubject, fail);
                }
                break;
            default:
                break;
        }
    }

    /// <summary>A required field of fulcioSubject: at most <paramref name="maxLength"/> characters, and valid.</summary>
    private static void CheckFulcioSubject(YamlMapping subject, string field, int maxLength, string invalid,
        Action<YamlNode?, string> fail, Func<string, bool> isValid)
    {
        var value = subject.ScalarAt(field);
        if (value is null || value.Length > maxLength || !isValid(value))
        {
            fail(subject[field] ?? subject, value is null ? $"fulcioSubject.{field} is required" : invalid);
        }
    }

    /// <summary>pkiCertificateSubject: at least one of email and hostname, each checked as the CRD's CEL rules do.</summary>
    private static void CheckCertificateSubject(YamlMapping subject, Action<YamlNode?, string> fail)
    {
        if (subject["email"] is null && subject["hostname"] is null)
        {
            fail(subject, "at least one of email or hostname must be set in pkiCertificateSubject");
            return;
        }
        if (subject["email"] is { } emailNode)
        {
            var email = (emailNode as YamlScalar)?.Value ?? "";
            if (email.Length > 320)
            {
                fail(emailNode, "pkiCertificateSubject.email may not be longer than 320 characters");
            }
            else if (!OpenShiftPatterns.Email().IsMatch(email))
            {
                fail(emailNode, "pkiCertificateSubject.email: invalid email address");
            }
        }
        if (subject["hostname"] is { } hostnameNode)
        {
            var hostname = (hostnameNode as YamlScalar)?.Value ?? "";
            // `self.replace('*.', '', 1)` after `self.startsWith('*.')` removes exactly the prefix.
            var name = hostname.StartsWith("*.", StringComparison.Ordinal) ? hostname[2..] : hostname;
            if (hostname.Length > 253)
            {
                fail(hostnameNode, "pkiCertificateSubject.hostname may not be longer than 253 characters");
            }
            else if (name.Length > 253 || !OpenShiftPatterns.Dns1123Subdomain().IsMatch(name))
            {
                fail(hostnameNode, "pkiCertificateSubject.hostname must be a valid dns 1123 subdomain name, optionally prefixed by '*.'. It must consist only of lowercase alphanumeric characters, hyphens, periods and the optional preceding asterisk.");
            }
        }
    }

    private enum PemKind
    {
        PublicKey,
        Certificates,
    }

    /// <summary>
    /// A base64 field holding PEM: at most 8192 base64 characters (the limit counts the encoded form), and the
    /// decoded text must start and end with the PEM markers; then, beyond the CRD, the PEM must really parse.
    /// </summary>
    private static void CheckData(YamlMapping parent, string field, bool required, PemKind kind, int minLength, Action<YamlNode?, string> fail)
    {
        if (parent[field] is not YamlScalar value)
        {
            if (required || parent[field] is not null)
            {
                fail(parent[field] ?? parent, $"{field} is required");
            }
            return;
        }
        var encoded = value.Value;
        if (encoded.Length > MaxDataLength)
        {
            fail(value, $"{field} is {encoded.Length} characters long, more than the {MaxDataLength} allowed");
            return;
        }
        if (encoded.Length < minLength)
        {
            fail(value, $"{field} should be at least {minLength} characters long");
            return;
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            fail(value, $"{field} is not valid base64");
            return;
        }
        var text = Encoding.UTF8.GetString(bytes);
        var label = kind == PemKind.PublicKey ? "PUBLIC KEY" : "CERTIFICATE";
        if (!text.StartsWith($"-----BEGIN {label}-----", StringComparison.Ordinal))
        {
            fail(value, $"the {field} must start with base64 encoding of '-----BEGIN {label}-----'.");
            return;
        }
        if (!text.EndsWith($"-----END {label}-----\n", StringComparison.Ordinal) && !text.EndsWith($"-----END {label}-----", StringComparison.Ordinal))
        {
            fail(value, $"the {field} must end with base64 encoding of '-----END {label}-----'.");
            return;
        }
        if (kind == PemKind.Certificates && Count(text, "-----BEGIN CERTIFICATE-----") != Count(text, "-----END CERTIFICATE-----"))
        {
            fail(value, $"{field} must be base64 encoding of valid PEM format data contain the same number of '-----BEGIN CERTIFICATE-----' and '-----END CERTIFICATE-----' markers.");
            return;
        }
        if (ParsePem(text, kind) is { } error)
        {
            fail(value, $"{field} passes the API's checks but {error}: nodes will fail to verify every image in these scopes");
        }
    }

    private static int Count(string text, string marker)
    {
        var count = 0;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    /// <summary>Checks that each PEM block decodes: a SubjectPublicKeyInfo for keys (any algorithm), an X.509 certificate otherwise.</summary>
    private static string? ParsePem(string text, PemKind kind)
    {
        var rest = text.AsMemory();
        var blocks = 0;
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            blocks++;
            var der = Convert.FromBase64String(rest.Span[fields.Base64Data].ToString());
            try
            {
                if (kind == PemKind.PublicKey)
                {
                    var spki = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
                    var algorithm = spki.ReadSequence();
                    algorithm.ReadObjectIdentifier();
                    spki.ReadBitString(out _);
                }
                else
                {
                    using var certificate = X509CertificateLoader.LoadCertificate(der);
                }
            }
            catch (Exception e) when (e is AsnContentException or CryptographicException)
            {
                return kind == PemKind.PublicKey ? "does not hold a valid public key" : "does not hold a valid X.509 certificate";
            }
            rest = rest[fields.Location.End..];
        }
        return blocks > 0 ? null
            : kind == PemKind.PublicKey ? "does not hold a valid public key (no readable PEM block)" : "does not hold a valid X.509 certificate (no readable PEM block)";
    }

    private static void CheckSignedIdentity(YamlNode node, Action<YamlNode?, string> fail)
    {
        if (node is not YamlMapping identity)
        {
            fail(node, "signedIdentity must be a mapping");
            return;
        }
        var match = identity.ScalarAt("matchPolicy");
        if (match is not ("MatchRepoDigestOrExact" or "MatchRepository" or "ExactRepository" or "RemapIdentity"))
        {
            fail(identity["matchPolicy"] ?? identity, match is null ? "signedIdentity.matchPolicy is required" : $"matchPolicy \"{match}\" is not one of MatchRepoDigestOrExact, MatchRepository, ExactRepository, RemapIdentity");
            return;
        }
        if ((match == "ExactRepository") != (identity["exactRepository"] is not null))
        {
            fail(identity["exactRepository"] ?? identity, "exactRepository is required when matchPolicy is ExactRepository, and forbidden otherwise");
        }
        if ((match == "RemapIdentity") != (identity["remapIdentity"] is not null))
        {
            fail(identity["remapIdentity"] ?? identity, "remapIdentity is required when matchPolicy is RemapIdentity, and forbidden otherwise");
        }
        if (identity["exactRepository"] is YamlMapping exact)
        {
            CheckRepositoryPrefix(exact, "repository", fail);
        }
        if (identity["remapIdentity"] is YamlMapping remap)
        {
            CheckRepositoryPrefix(remap, "prefix", fail);
            CheckRepositoryPrefix(remap, "signedPrefix", fail);
        }
    }

    private static void CheckRepositoryPrefix(YamlMapping parent, string field, Action<YamlNode?, string> fail)
    {
        if (parent[field] is not YamlScalar value)
        {
            fail(parent, $"{field} is required");
            return;
        }
        var text = value.Value;
        if (text.Length > MaxScopeLength)
        {
            fail(value, $"{field} is longer than {MaxScopeLength} characters");
        }
        else if (OpenShiftPatterns.EndsLikeTag().IsMatch(text) && !OpenShiftPatterns.LocalhostWithPort().IsMatch(text))
        {
            fail(value, "invalid repository or prefix in the signedIdentity, should not include the tag or digest");
        }
        else if (!OpenShiftPatterns.RepositoryPrefix().IsMatch(text))
        {
            fail(value, "invalid repository or prefix in the signedIdentity. The repository or prefix must starts with 'localhost' or a valid '.' separated domain");
        }
    }
}
