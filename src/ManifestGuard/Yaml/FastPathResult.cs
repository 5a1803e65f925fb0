namespace ManifestGuard.Yaml;

/// <summary>
/// How a step of <see cref="FastPathReader"/> ended; anything but <see cref="Ok"/> is passed straight up.
/// </summary>
internal enum FastPathResult
{
    /// <summary>Read; the position is past what was read.</summary>
    Ok,

    /// <summary>The text is outside the subset the fast path reads: the caller reads it with YamlDotNet.</summary>
    Decline,

    /// <summary>
    /// A document the filter left out shows a key that makes it wanted after all: it is read again from
    /// its start, in full.
    /// </summary>
    ReadInFull,
}
