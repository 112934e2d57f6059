using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace MarketAspire.Tests.Infrastructure;

/// <summary>
/// A real HTTP webhook receiver on loopback: it records every POST body, and answers 200, or 503 while it plays a
/// destination that is down. Its path holds a secret, as a Slack incoming webhook's does.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public const string SecretPath = "services/T0SECRET/B0SECRET/xoxb-do-not-log-me";

    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly ConcurrentQueue<JsonElement> _bodies = new();
    private int _requests;

    public WebhookReceiver(bool down = false)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = new Uri($"http://127.0.0.1:{port}/{SecretPath}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = ServeAsync(down);
    }

    public Uri Url { get; }

    /// <summary>Every request that reached it, answered or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyList<JsonElement> Bodies => [.. _bodies];

    private async Task ServeAsync(bool down)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = await reader.ReadToEndAsync();
                if (!down && context.Request.Url?.AbsolutePath == "/" + SecretPath)
                {
                    _bodies.Enqueue(JsonDocument.Parse(body).RootElement.Clone());
                }
            }

            context.Response.StatusCode = down ? 503 : 200;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
        _listener.Close();
    }
}
