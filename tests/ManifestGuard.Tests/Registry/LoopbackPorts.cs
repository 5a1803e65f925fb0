using System.Net;
using System.Net.Sockets;

namespace ManifestGuard.Tests.Registry;

/// <summary>
/// Loopback ports for servers that bind after the port is chosen (a registry process, an HttpListener). A port the
/// kernel hands out for port 0 comes from the ephemeral range, which every outgoing connection of the parallel
/// tests also draws from: between choosing and binding, a client socket could take it ("Address already in use").
/// Ports below that range are never given to client sockets, and this process hands each one out only once.
/// </summary>
internal static class LoopbackPorts
{
    private const int Lowest = 10_000;
    private const int FallbackEphemeralStart = 32_768;

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Taken = [];
    private static readonly int EphemeralStart = ReadEphemeralStart();

    public static int Take()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(Lowest, EphemeralStart);
                if (Taken.Add(port) && IsFree(port))
                {
                    return port;
                }
            }
        }
        throw new InvalidOperationException($"no free loopback port between {Lowest} and {EphemeralStart}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of Linux's ephemeral range, or the usual default where it cannot be read.</summary>
    private static int ReadEphemeralStart()
    {
        const string Setting = "/proc/sys/net/ipv4/ip_local_port_range";
        var first = File.Exists(Setting)
            ? File.ReadAllText(Setting).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            : null;
        var start = int.TryParse(first, out var port) ? port : FallbackEphemeralStart;
        return Math.Max(start, Lowest + 1_000);
    }
}
