namespace ManifestGuard.Discovery;

/// <summary>What a path is on disk, as far as reading or writing it is concerned.</summary>
internal enum FileKind
{
    /// <summary>The platform gives no cheap way to tell; treated like a regular file.</summary>
    Unknown,
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    /// <summary>Following the path's links never ends (a link to itself, or two that point at each other).</summary>
    LinkLoop,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
}
