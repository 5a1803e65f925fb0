namespace ManifestGuard.Signatures.Attachments;

/// <summary>
/// One signature layer of a `sha256-…sig` attachment: the payload blob and the layer's annotations, which carry
/// the signature and, for certificate-based signatures, the certificate, its chain and the Rekor bundle.
/// </summary>
internal sealed record SigstoreSignature(byte[] Payload, IReadOnlyDictionary<string, string> Annotations)
{
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";
    public const string CertificateAnnotation = "dev.sigstore.cosign/certificate";
    public const string ChainAnnotation = "dev.sigstore.cosign/chain";
    public const string BundleAnnotation = "dev.sigstore.cosign/bundle";

    public string? Annotation(string name) => Annotations.TryGetValue(name, out var value) ? value : null;
}
