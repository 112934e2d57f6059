using System.Collections.Concurrent;
using System.Net;

namespace MarketAspire.Tests.Infrastructure;

/// <summary>
/// A real HTTP receiver on loopback standing for SNS's Query API: it records each request's method, path, headers and
/// body, and answers as SNS does: a <c>PublishResponse</c>, or an <c>ErrorResponse</c> with a 403 while it refuses.
/// </summary>
internal sealed class SnsReceiver : IAsyncDisposable
{
    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    private readonly LoopbackListener _listener;
    private readonly ConcurrentQueue<Received> _requests = new();

    public SnsReceiver(bool refuse = false) => _listener = new LoopbackListener(context => AnswerAsync(context, refuse));

    public Uri Endpoint => _listener.Root;

    public IReadOnlyList<Received> Requests => [.. _requests];

    private async Task AnswerAsync(HttpListenerContext context, bool refuse)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var headers = context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k.ToLowerInvariant(), k => context.Request.Headers[k]!);
        _requests.Enqueue(new Received(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body.ToArray()));
        context.Response.StatusCode = refuse ? 403 : 200;
        context.Response.ContentType = "text/xml";
        await using (var writer = new StreamWriter(context.Response.OutputStream))
        {
            await writer.WriteAsync(refuse
                ? "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>User is not authorized</Message></Error></ErrorResponse>"
                : "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult></PublishResponse>");
        }

        context.Response.Close();
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
