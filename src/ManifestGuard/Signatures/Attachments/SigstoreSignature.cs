namespace ManifestGuard.Signatures.Attachments;

/// <summary>One signature layer of a `sha256-…sig` attachment: the payload blob and the signature over it.</summary>
/// <param name="Signature">Decoded from the `dev.cosignproject.cosign/signature` annotation; null when that is not
/// base64.</param>
/// <param name="HasCertificate">Whether it carries a Fulcio or PKI certificate (verified only by those
/// requirements).</param>
internal sealed record SigstoreSignature(byte[] Payload, byte[]? Signature, bool HasCertificate);
