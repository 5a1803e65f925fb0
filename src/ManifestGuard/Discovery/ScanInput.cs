namespace ManifestGuard.Discovery;

/// <summary>A file to scan: its absolute path and the path it is reported under.</summary>
internal sealed record ScanInput(string FullPath, string DisplayPath)
{
    /// <summary>
    /// Why discovery will not let the file be opened (a FIFO, a device, a dangling link, a link loop or
    /// a link out of the repository), as a message for the user; null for a file to read.
    /// </summary>
    public string? NotRead { get; init; }
}
