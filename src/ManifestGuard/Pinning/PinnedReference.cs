using ManifestGuard.References;

namespace ManifestGuard.Pinning;

/// <summary>The text pin writes for a reference: as written, with `@digest` appended or a stale digest replaced.</summary>
internal static class PinnedReference
{
    /// <summary>`nginx:1.25` → `nginx:1.25@sha256:…`; `nginx:1.25@sha256:old` → `nginx:1.25@sha256:new`. The tag is kept: people read it.</summary>
    public static string Format(ImageReference reference, string digest)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        var raw = reference.Raw;
        var at = raw.IndexOf('@', StringComparison.Ordinal);
        return (at < 0 ? raw : raw[..at]) + "@" + digest;
    }
}
