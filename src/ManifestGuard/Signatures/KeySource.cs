namespace ManifestGuard.Signatures;

/// <summary>
/// One key of a requirement: a file (keyPath, keyPaths) or inline base64 data (keyData, keyDatas). Unreadable says
/// why a key cannot be had at all (a file on a node's disk that no configuration in the repository writes).
/// </summary>
internal sealed record KeySource(string Name, string? Path, byte[]? Data, string? Unreadable = null)
{
    /// <summary>Key files are small; a larger file is not a key.</summary>
    private const long MaxKeyBytes = 1024 * 1024;

    /// <summary>The key's bytes, or null and why they cannot be read.</summary>
    public byte[]? Read(out string? error)
    {
        error = null;
        if (Data is not null)
        {
            return Data;
        }
        if (Unreadable is not null || Path is null)
        {
            error = $"{Name}: {Unreadable ?? "no key"}";
            return null;
        }
        try
        {
            var info = new FileInfo(Path);
            if (info.Exists && info.Length > MaxKeyBytes)
            {
                error = $"{Name} is larger than {MaxKeyBytes / 1024} KiB; not a key";
                return null;
            }
            return File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{Name} cannot be read ({e.Message})";
            return null;
        }
    }
}
