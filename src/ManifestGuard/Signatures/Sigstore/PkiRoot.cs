namespace ManifestGuard.Signatures.Sigstore;

/// <summary>
/// sigstoreSigned `pki` as policy.json writes it: trusted root CAs, optional trusted intermediates, and at least one
/// of the subject email and hostname the signing certificate must name.
/// </summary>
internal sealed record PkiRoot(
    KeySource Roots,
    KeySource? Intermediates,
    string? SubjectEmail,
    string? SubjectHostname
);
