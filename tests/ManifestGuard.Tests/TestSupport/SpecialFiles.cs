using System.Net.Sockets;

namespace ManifestGuard.Tests.TestSupport;

/// <summary>FIFOs, sockets and device nodes made in a test's own folder, as real work trees can hold them.</summary>
public static class SpecialFiles
{
    public static void Fifo(string path) => Run("mkfifo", path);

    /// <summary>A bound Unix socket; .NET removes its file when the socket is disposed, so keep it until the test ends.</summary>
    public static Socket Socket(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    /// <summary>
    /// A character device node with the numbers of a kernel device (1,3 is what /dev/null is; 1,7 is
    /// /dev/full, where every write fails with "no space left"). Making one needs root (or sudo), as
    /// `mknod` does everywhere; the test machine and CI have one or the other.
    /// </summary>
    public static void CharacterDevice(string path, int major, int minor)
    {
        string[] mknod = ["mknod", "-m", "666", path, "c", $"{major}", $"{minor}"];
        if (!TryRun(mknod) && !TryRun(["sudo", "-n", .. mknod]))
        {
            throw new InvalidOperationException($"cannot create the device node {path}: this test needs root or passwordless sudo for mknod");
        }
    }

    private static void Run(params string[] command)
    {
        if (!TryRun(command))
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} failed");
        }
    }

    private static bool TryRun(string[] command)
    {
        try
        {
            return Integrations.ProcessRunner.Run(System.IO.Path.GetTempPath(), command[0], command[1..]).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No such program (no sudo on this machine): the caller says what the test needs.
            return false;
        }
    }
}
