namespace ManifestGuard.Signatures.Sigstore;

/// <summary>
/// sigstoreSigned `fulcio` as policy.json writes it: the CA (caPath or caData) and the identity the short-lived
/// certificate must carry (the OIDC issuer that authenticated the signer, and the signer's email).
/// </summary>
internal sealed record FulcioRoot(KeySource Ca, string OidcIssuer, string SubjectEmail);
