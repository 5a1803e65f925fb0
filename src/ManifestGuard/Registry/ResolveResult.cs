namespace ManifestGuard.Registry;

/// <summary>
/// The answer to one registry question: a verified digest, or why there is none. Errors are values so a
/// run can collect every failure before deciding (pin writes nothing when any reference fails).
/// </summary>
internal sealed record ResolveResult
{
    private ResolveResult(string? digest, string? mediaType, RegistryErrorKind? errorKind, string? error)
    {
        Digest = digest;
        MediaType = mediaType;
        ErrorKind = errorKind;
        Error = error;
    }

    /// <summary>`sha256:…` of the manifest or index the reference points at; null on failure.</summary>
    public string? Digest { get; }

    /// <summary>The manifest's media type when the registry said it; an index for multi-platform images.</summary>
    public string? MediaType { get; }

    public RegistryErrorKind? ErrorKind { get; }

    /// <summary>What went wrong, for a user: the reference, the registry and the HTTP status. Never credentials.</summary>
    public string? Error { get; }

    public bool Succeeded => Digest is not null;

    public static ResolveResult Success(string digest, string? mediaType) => new(digest, mediaType, null, null);

    public static ResolveResult Failure(RegistryErrorKind kind, string error) => new(null, null, kind, error);

    public override string ToString() => Digest ?? $"{ErrorKind}: {Error}";
}
