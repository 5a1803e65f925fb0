namespace ManifestGuard.Discovery;

/// <summary>
/// A file of a <see cref="RepositoryListing"/>: its absolute path, and whether the listing already knows it
/// is a symbolic link (a walk learns it from the directory entry; `git ls-files` does not say).
/// </summary>
internal readonly record struct ListedFile(string FullPath, bool IsLink);
