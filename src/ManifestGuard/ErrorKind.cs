namespace ManifestGuard;

/// <summary>What kind of failure stopped a run, which decides its exit code.</summary>
internal enum ErrorKind
{
    /// <summary>Input the user controls is wrong (configuration, policy file, manifest, argument): exit 2.</summary>
    Configuration,

    /// <summary>Something outside the input failed (a registry, a renderer, a file changed on disk): exit 3.</summary>
    Runtime,
}
