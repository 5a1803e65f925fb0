namespace ManifestGuard.Registry;

/// <summary>Why a registry question got no answer; callers map these to findings and exit codes.</summary>
internal enum RegistryErrorKind
{
    /// <summary>The registry says the tag, digest or repository does not exist.</summary>
    NotFound,

    /// <summary>Credentials are missing, wrong, or not enough for this repository.</summary>
    Unauthorized,

    /// <summary>The registry could not be reached, timed out, or kept failing (5xx, 429).</summary>
    Network,

    /// <summary>The registry answered something we refuse to trust: a digest that does not match the body, an oversized manifest, a redirect to plain HTTP.</summary>
    Protocol,
}
