namespace ManifestGuard.Pinning;

/// <summary>A file's new content after pinning, not yet written.</summary>
internal sealed record PinnedFile(string DisplayPath, ManifestFileSnapshot Original, byte[] Content, string NewText, int Pinned);
