namespace ManifestGuard.Registry;

/// <summary>A credential store is configured for a registry but could not be read. The message never carries a secret.</summary>
public sealed class RegistryCredentialException : Exception
{
    public RegistryCredentialException()
    {
    }

    public RegistryCredentialException(string message)
        : base(message)
    {
    }

    public RegistryCredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
