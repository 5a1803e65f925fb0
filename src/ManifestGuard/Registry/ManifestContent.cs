namespace ManifestGuard.Registry;

/// <summary>
/// Bytes fetched for signature verification (a manifest, a blob, a lookaside file): checked against their
/// digest where one is known; Missing for a 404; otherwise why there are none.
/// </summary>
internal sealed record ManifestContent(
    byte[]? Body,
    string? MediaType,
    string? Digest,
    string? Error,
    RegistryErrorKind? ErrorKind = null
)
{
    public static ManifestContent Missing { get; } = new(null, null, null, null, RegistryErrorKind.NotFound);

    public bool IsMissing => ErrorKind == RegistryErrorKind.NotFound;

    public static ManifestContent Failure(RegistryErrorKind kind, string error) => new(null, null, null, error, kind);
}
