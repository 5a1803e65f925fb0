using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ManifestGuard.Policies;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.References;
using ManifestGuard.Signatures;
using ManifestGuard.Signatures.Attachments;
using ManifestGuard.Signatures.OpenPgp;
using ManifestGuard.Signatures.Sigstore;

namespace ManifestGuard.Tests.Signatures.Upstream;

/// <summary>
/// Runs one row of containers/image's signature test tables through our verifier, offline: the requirement is
/// written as policy.json and read by our policy reader, the image is a fixture folder (`manifest.json`, whose
/// SHA-256 is the digest a registry would serve, and `signature-N`), and the signatures are handed to the same
/// code `check --online` uses after reading them from a registry or lookaside. The verdict is "accept", "missing"
/// (no signature of the requirement's kind: MG601), "invalid policy" (our policy reader refuses the requirement:
/// MG304), or the label MG602's message gives the first signature's failure.
/// </summary>
internal static class UpstreamFixtures
{
    public static string Folder { get; } =
        Path.Combine(AppContext.BaseDirectory, "TestData", "upstream", "containers-image");

    public static string FixturePath(string name) => Path.Combine(Folder, name);

    /// <summary>
    /// <paramref name="signatures"/>: `*` for the folder's own `signature-N` files, or `;`-separated fixture files,
    /// or `literal:` and the signature's text, each optionally followed by `|` changes to its annotations: `-name` removes one, `name=text` sets one,
    /// `name<file` copies it from another fixture's signature, `!` removes them all (short names: signature,
    /// certificate, chain, bundle).
    /// </summary>
    public static string Verdict(string requirement, string image, string reference, string signatures, DateTimeOffset now)
    {
        var policyText = $$"""{"default": [{{Expand(requirement)}}]}""";
        var problems = new List<PolicyProblem>();
        var parsed = ContainersPolicyParser.Parse(policyText, new PolicyOrigin("policy.json", "policy.json", null), problems);
        if (parsed.Policy is null)
        {
            return "invalid policy";
        }
        var containersRequirement = parsed.Policy.Default.Requirements[0];
        if (containersRequirement.RejectsEverything is not null)
        {
            return "invalid policy";
        }
        var signatureRequirement = SignatureRequirement.From(containersRequirement, Folder, "policy.json");
        var manifest = File.ReadAllBytes(FixturePath(Path.Combine(image, "manifest.json")));
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest));
        var intended = ImageReference.Parse(reference);
        var blobs = Blobs(image, signatures);
        RequirementResult result;
        if (signatureRequirement.Type == ContainersRequirementType.SigstoreSigned)
        {
            var attached = blobs.Select(b => Sigstore(b)).OfType<SigstoreSignature>().ToList();
            if (attached.Count == 0)
            {
                return "missing";
            }
            var trust = SigstoreTrustRoot.Load(signatureRequirement, out var error);
            if (trust is null)
            {
                return "unusable keys: " + error;
            }
            result = ImageSignatureVerifier.Decide(
                attached.Select(s => SigstoreSignatureVerifier.Verify(s, trust, signatureRequirement, intended, digest, now))
            );
        }
        else
        {
            // Simple signing reads only OpenPGP blobs; sigstore ones are not its kind.
            var simple = blobs.Where(b => b.Length > 0 && b[0] != 0).ToList();
            if (simple.Count == 0)
            {
                return "missing";
            }
            var keyBlobs = new List<(string, byte[])>();
            foreach (var key in signatureRequirement.Keys)
            {
                if (key.Read(out var readError) is not { } bytes)
                {
                    return "unusable keys: " + readError;
                }
                keyBlobs.Add((key.Name, bytes));
            }
            var keyring = keyBlobs.Count == 0 ? null : GpgKeyring.Load(keyBlobs, out _);
            if (keyring is null)
            {
                return "unusable keys";
            }
            result = ImageSignatureVerifier.Decide(
                simple.Select(blob =>
                {
                    var verification = SimpleSigningVerifier.Verify(blob, keyring, now);
                    return verification.Verified
                        ? ImageSignatureVerifier.JudgePayload(
                            verification.Payload!,
                            SignaturePayload.SimpleSigningType,
                            signatureRequirement,
                            intended,
                            digest
                        )
                        : $"{ImageSignatureVerifier.Label(verification.FailedCheck)}: {verification.Failure}";
                })
            );
        }
        return result.Satisfied ? "accept" : result.Detail;
    }

    /// <summary>
    /// Whether a sigstoreSigned requirement can be used: "loads", "invalid policy" (our policy reader refuses it) or
    /// "unusable keys: …" (the node cannot load its keys or certificates, so it rejects every image of the scope).
    /// </summary>
    public static string TrustRootVerdict(string requirement)
    {
        var problems = new List<PolicyProblem>();
        var parsed = ContainersPolicyParser.Parse(
            $$"""{"default": [{{Expand(requirement)}}]}""",
            new PolicyOrigin("policy.json", "policy.json", null),
            problems
        );
        if (parsed.Policy is null)
        {
            return "invalid policy";
        }
        var signatureRequirement = SignatureRequirement.From(parsed.Policy.Default.Requirements[0], Folder, "policy.json");
        return SigstoreTrustRoot.Load(signatureRequirement, out var error) is null ? "unusable keys: " + error : "loads";
    }

    public static string Expand(string text) =>
        text.Replace("{F}", Folder.Replace("\\", "\\\\", StringComparison.Ordinal) + "/", StringComparison.Ordinal)
            .Replace("{KEY64}", Base64("cosign.pub"), StringComparison.Ordinal)
            .Replace("{KEY2-64}", Base64("cosign2.pub"), StringComparison.Ordinal)
            .Replace("{GPG64}", Base64("public-key.gpg"), StringComparison.Ordinal)
            .Replace("{REKOR64}", Base64("rekor.pub"), StringComparison.Ordinal)
            .Replace("{FULCIO64}", Base64("fulcio_v1.crt.pem"), StringComparison.Ordinal)
            .Replace("{ROOTS64}", Base64("pki_root_crts.pem"), StringComparison.Ordinal)
            .Replace("{INTERMEDIATES64}", Base64("pki_intermediate_crts.pem"), StringComparison.Ordinal)
            .Replace("{INVALID64}", Convert.ToBase64String("this is invalid"u8), StringComparison.Ordinal)
            .Replace(
                "{FULCIO-CHAIN64}",
                Convert.ToBase64String(
                    Encoding.UTF8.GetBytes(
                        Annotations("dir-img-cosign-fulcio-rekor-valid/signature-1")[SigstoreSignature.ChainAnnotation]
                    )
                ),
                StringComparison.Ordinal
            );

    private static string Base64(string file) => Convert.ToBase64String(File.ReadAllBytes(FixturePath(file)));

    private static List<byte[]> Blobs(string image, string signatures)
    {
        if (signatures == "*")
        {
            var found = new List<byte[]>();
            // containers/image reads signature-1, -2, ... and stops at the first missing one.
            for (var n = 1; File.Exists(FixturePath(Path.Combine(image, $"signature-{n}"))); n++)
            {
                found.Add(File.ReadAllBytes(FixturePath(Path.Combine(image, $"signature-{n}"))));
            }
            return found;
        }
        return signatures.Split(';').Select(Modified).ToList();
    }

    /// <summary>A fixture signature with its annotations changed as the upstream test changes them.</summary>
    private static byte[] Modified(string spec)
    {
        if (spec.StartsWith("literal:", StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetBytes(spec["literal:".Length..]);
        }
        var parts = spec.Split('|');
        var blob = File.ReadAllBytes(FixturePath(parts[0]));
        if (parts.Length == 1)
        {
            return blob;
        }
        var (mimeType, payload, annotations) = SigstoreParts(blob);
        foreach (var change in parts.Skip(1))
        {
            if (change == "!")
            {
                annotations.Clear();
            }
            else if (change.StartsWith('-'))
            {
                Assert(annotations.Remove(AnnotationName(change[1..])), $"{spec}: no {change[1..]} to remove");
            }
            else if (change.Split('<') is [var copied, var source])
            {
                annotations[AnnotationName(copied)] = Annotations(source)[AnnotationName(copied)];
            }
            else
            {
                var equals = change.IndexOf('=', StringComparison.Ordinal);
                annotations[AnnotationName(change[..equals])] = change[(equals + 1)..];
            }
        }
        var changed = new JsonObject();
        foreach (var (name, value) in annotations)
        {
            changed[name] = value;
        }
        var json = new JsonObject
        {
            ["mimeType"] = mimeType,
            ["payload"] = Convert.ToBase64String(payload),
            ["annotations"] = changed,
        }.ToJsonString();
        return [0, .. Encoding.UTF8.GetBytes("sigstore-json\n" + json)];
    }

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static string AnnotationName(string shortName) =>
        shortName switch
        {
            "signature" => SigstoreSignature.SignatureAnnotation,
            "certificate" => SigstoreSignature.CertificateAnnotation,
            "chain" => SigstoreSignature.ChainAnnotation,
            "bundle" => SigstoreSignature.BundleAnnotation,
            _ => throw new ArgumentException($"unknown annotation {shortName}", nameof(shortName)),
        };

    private static Dictionary<string, string> Annotations(string file) =>
        SigstoreParts(File.ReadAllBytes(FixturePath(file))).Annotations;

    /// <summary>A signature as a registry attachment layer would hand it over, or null when it is another kind.</summary>
    private static SigstoreSignature? Sigstore(byte[] blob)
    {
        if (blob.Length == 0 || blob[0] != 0)
        {
            return null;
        }
        var (mimeType, payload, annotations) = SigstoreParts(blob);
        return mimeType == SigstoreAttachments.SignatureLayerType ? new SigstoreSignature(payload, annotations) : null;
    }

    /// <summary>containers/image's blob of a sigstore signature: a zero byte, `sigstore-json`, a newline, then JSON
    /// with mimeType, base64 payload and annotations.</summary>
    private static (string MimeType, byte[] Payload, Dictionary<string, string> Annotations) SigstoreParts(byte[] blob)
    {
        var newline = Array.IndexOf(blob, (byte)'\n');
        Assert(blob[0] == 0 && Encoding.ASCII.GetString(blob, 1, newline - 1) == "sigstore-json", "not a sigstore blob");
        using var document = JsonDocument.Parse(blob.AsMemory(newline + 1));
        var root = document.RootElement;
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("annotations", out var found) && found.ValueKind == JsonValueKind.Object)
        {
            foreach (var annotation in found.EnumerateObject())
            {
                annotations[annotation.Name] = annotation.Value.GetString()!;
            }
        }
        return (root.GetProperty("mimeType").GetString()!, root.GetProperty("payload").GetBytesFromBase64(), annotations);
    }
}
