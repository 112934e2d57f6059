using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MarketAspire.Benchmarks;

/// <summary>
/// A TCP port in front of a server (PostgreSQL, the S3 emulator, the market API) that forwards every connection and
/// notes when the first one since <see cref="Reset"/> arrived: the moment a job process reaches its first statement,
/// measured from outside, with no change to the job. Without a server it holds each connection open (a Lambda Runtime
/// API whose <c>invocation/next</c> never answers: the first connection is the end of INIT).
/// </summary>
public sealed class FirstContact : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint? _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _first;

    public FirstContact(IPEndPoint? server)
    {
        _server = server;
        _listener.Start();
        _accepting = AcceptAsync(_stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The <see cref="Stopwatch"/> timestamp of the first connection since <see cref="Reset"/>, or null.</summary>
    public long? First => Interlocked.Read(ref _first) is var first and > 0 ? first : null;

    public void Reset() => Interlocked.Exchange(ref _first, 0);

    private async Task AcceptAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Interlocked.CompareExchange(ref _first, Stopwatch.GetTimestamp(), 0);
            _ = ServeAsync(client, ct);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using var _ = client;
        try
        {
            var downstream = client.GetStream();
            if (_server is null)
            {
                await downstream.CopyToAsync(Stream.Null, ct); // held until the process closes it or is killed
                return;
            }

            using var upstream = new TcpClient();
            await upstream.ConnectAsync(_server, ct);
            var toServer = upstream.GetStream();
            await Task.WhenAny(downstream.CopyToAsync(toServer, ct), toServer.CopyToAsync(downstream, ct));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The process closed or lost its connection: nothing to forward any more.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
