using System.Collections.Concurrent;
using System.Net;
using System.Text;
using MarketAspire.LocalServers;

namespace MarketAspire.Tests.Lineage;

/// <summary>
/// Stands for Marquez: an HTTP server on loopback that takes <c>POST /api/v1/lineage</c> and answers 201, keeping each
/// body and its Authorization header. It can also answer an error, or take a request and never answer.
/// </summary>
internal sealed class LineageReceiver : IAsyncDisposable
{
    public const string Path = "/api/v1/lineage";

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Body, string? Authorization)> _received = new();
    private readonly Task _serving;
    private readonly int _status;
    private readonly bool _silent;

    private LineageReceiver(int port, int status, bool silent)
    {
        (_status, _silent) = (status, silent);
        Url = $"http://127.0.0.1:{port}{Path}";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <param name="status">What every request is answered (Marquez answers 201 Created).</param>
    /// <param name="silent">Take each request and never answer it.</param>
    public static LineageReceiver Start(int status = 201, bool silent = false) => new(FreePort.Next(), status, silent);

    public IReadOnlyList<string> Events => [.. _received.Select(r => r.Body)];

    public IReadOnlyList<string?> Authorizations => [.. _received.Select(r => r.Authorization)];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            var context = await _listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (context.Request.HttpMethod == "POST" && context.Request.Url!.AbsolutePath == Path)
            {
                _received.Enqueue((body, context.Request.Headers["Authorization"]));
            }

            if (_silent)
            {
                continue;
            }

            context.Response.StatusCode = context.Request.Url!.AbsolutePath == Path ? _status : 404;
            context.Response.Close();
        }
    }
}
