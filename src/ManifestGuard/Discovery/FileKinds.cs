using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ManifestGuard.Discovery;

/// <summary>
/// Tells a regular file from a FIFO, socket, device or link without opening it: opening a FIFO to look
/// at it blocks until something writes to it. .NET reports none of these kinds, so on Linux this asks
/// the kernel with <c>statx</c>, whose buffer layout is the same on every architecture; elsewhere the
/// answer is <see cref="FileKind.Unknown"/> and callers behave as they would for a regular file.
/// </summary>
internal static partial class FileKinds
{
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxBufferSize = 256;
    private const int ModeOffset = 28;
    private const int NoSuchFile = 2;
    private const int NotADirectory = 20;
    private const int TooManyLinks = 40;

    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Whether <see cref="Of"/> can tell kinds here (Linux with statx); else it answers Unknown.</summary>
    public static bool CanTell => !_unavailable;

    /// <summary>The kind of <paramref name="path"/>, or with <paramref name="followLinks"/> of where it leads.</summary>
    public static FileKind Of(string path, bool followLinks)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_unavailable)
        {
            return FileKind.Unknown;
        }
        var buffer = new byte[StatxBufferSize];
        int result;
        try
        {
            result = Statx(AtCurrentDirectory, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType, buffer);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // An old C library without statx: the callers fall back to what .NET itself can tell.
            _unavailable = true;
            return FileKind.Unknown;
        }
        if (result != 0)
        {
            return Marshal.GetLastPInvokeError() switch
            {
                NoSuchFile or NotADirectory => FileKind.Missing,
                TooManyLinks => FileKind.LinkLoop,
                _ => FileKind.Unknown,
            };
        }
        return (BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(ModeOffset)) & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            _ => FileKind.Unknown,
        };
    }

    /// <summary>How a kind that is not a regular file is named in messages.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.LinkLoop => "a symbolic link loop",
        FileKind.Missing => "missing",
        _ => "not a regular file",
    };

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, [Out] byte[] buffer);
}
