namespace ManifestGuard.Policies.OpenShift3;

/// <summary>
/// How the registry whitelister reads a registry without a port (openshift-apiserver's WhitelistTransport):
/// Secure as port 443, Insecure as port 80, Any as no port at all. Imports use Secure, or Any when insecure
/// (the importer may still fall back to TLS); Insecure alone is kept for the whitelister's own semantics.
/// </summary>
internal enum ImportTransport
{
    Secure,
    Insecure,
    Any,
}
