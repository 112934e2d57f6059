using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace MarketAspire.Tests.Infrastructure;

/// <summary>
/// A real HTTP webhook receiver on loopback: it records every POST body, and answers 200, or 503 while it plays a
/// destination that is down. Its path holds a secret, as a Slack incoming webhook's does.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public const string SecretPath = "services/T0SECRET/B0SECRET/xoxb-do-not-log-me";

    private readonly LoopbackListener _listener;
    private readonly ConcurrentQueue<JsonElement> _bodies = new();
    private int _requests;

    public WebhookReceiver(bool down = false)
    {
        _listener = new LoopbackListener(context => AnswerAsync(context, down));
        Url = new Uri(_listener.Root, SecretPath);
    }

    public Uri Url { get; }

    /// <summary>Every request that reached it, answered or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyList<JsonElement> Bodies => [.. _bodies];

    private async Task AnswerAsync(HttpListenerContext context, bool down)
    {
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

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
