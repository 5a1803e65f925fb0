namespace ManifestGuard.Discovery;

/// <summary>A file to scan: its absolute path and the path it is reported under.</summary>
internal sealed record ScanInput(string FullPath, string DisplayPath);
