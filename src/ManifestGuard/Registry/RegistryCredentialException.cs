namespace ManifestGuard.Registry;

/// <summary>A credential store is configured for a registry but could not be read. The message never carries a secret.</summary>
internal sealed class RegistryCredentialException : ManifestGuardException
{
    public RegistryCredentialException(string message, Exception? innerException = null)
        : base(ErrorKind.Runtime, message, innerException: innerException)
    {
    }
}
