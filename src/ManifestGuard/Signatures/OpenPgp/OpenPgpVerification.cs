namespace ManifestGuard.Signatures.OpenPgp;

/// <summary>The signed payload of a verified simple-signing signature, or why the signature does not verify.</summary>
internal sealed record OpenPgpVerification(
    byte[]? Payload,
    string? Failure,
    SignatureCheck FailedCheck = SignatureCheck.None
)
{
    public bool Verified => Payload is not null;

    public static OpenPgpVerification Fail(SignatureCheck check, string failure) => new(null, failure, check);
}
