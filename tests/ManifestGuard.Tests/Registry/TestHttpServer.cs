using System.Collections.Concurrent;
using System.Net;

namespace ManifestGuard.Tests.Registry;

/// <summary>A tiny HTTP server on 127.0.0.1 for the faults no real registry produces on demand. Records every request.</summary>
internal sealed class TestHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _handler;
    private readonly CancellationTokenSource _stop = new();

    public TestHttpServer(Func<HttpListenerContext, Task> handler)
    {
        _handler = handler;
        var port = RegistryFixture.FreePort();
        Authority = $"127.0.0.1:{port}";
        _listener.Prefixes.Add($"http://{Authority}/");
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public string Authority { get; }

    public Uri BaseUri => new($"http://{Authority}/");

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                var request = context.Request;
                using var reader = new StreamReader(request.InputStream);
                var body = await reader.ReadToEndAsync();
                Requests.Enqueue(new RecordedRequest(request.HttpMethod, request.Url?.AbsolutePath ?? "", request.Url?.Query ?? "", request.Headers["Authorization"], body));
                try
                {
                    await _handler(context);
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    // the client went away (timeouts do that)
                }
            });
        }
    }
}

internal sealed record RecordedRequest(string Method, string Path, string Query, string? Authorization, string Body);
