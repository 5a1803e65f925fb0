namespace ManifestGuard.Registry;

/// <summary>Carries a failure out of the client's HTTP plumbing to the edge, where it becomes a <see cref="ResolveResult"/>.</summary>
internal sealed class RegistryFailure : Exception
{
    public RegistryFailure(RegistryErrorKind kind, string message, bool retryable = false)
        : base(message)
    {
        Kind = kind;
        Retryable = retryable;
    }

    public RegistryErrorKind Kind { get; }

    /// <summary>True for failures a later attempt may not meet: connection errors and timeouts.</summary>
    public bool Retryable { get; }
}
