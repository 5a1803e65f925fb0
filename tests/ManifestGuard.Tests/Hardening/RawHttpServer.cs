using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ManifestGuard.Tests.Hardening;

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 that writes whatever bytes a test gives it, for the answers no
/// well-behaved server library will send: lying Content-Length, endless bodies, giant headers.
/// </summary>
internal sealed class RawHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RawRequest, NetworkStream, CancellationToken, Task> _respond;
    private readonly CancellationTokenSource _stop = new();

    public RawHttpServer(Func<RawRequest, NetworkStream, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        Authority = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _ = Task.Run(AcceptAsync);
    }

    public string Authority { get; }

    public int Requests;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    public static Task WriteAsync(NetworkStream stream, string text, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken).AsTask();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var head = await ReadHeadAsync(stream, _stop.Token);
                        var requestLine = head.Split("\r\n")[0].Split(' ');
                        Interlocked.Increment(ref Requests);
                        await _respond(new RawRequest(requestLine[0], requestLine[1], requestLine.Length > 2 ? requestLine[2] : ""), stream, _stop.Token);
                    }
                    catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                    {
                        // the client gave up (timeouts, refused bodies do that)
                    }
                }
            });
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer, cancellationToken) == 0)
            {
                throw new IOException("the client closed the connection");
            }
            head.Append((char)buffer[0]);
        }
        return head.ToString();
    }
}

internal sealed record RawRequest(string Method, string Path, string Version);
