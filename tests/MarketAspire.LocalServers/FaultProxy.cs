using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MarketAspire.LocalServers;

/// <summary>
/// A TCP proxy between the jobs and a real server (the S3 emulator, PostgreSQL) that injects one armed
/// <see cref="FaultRule"/>: a delay, a reset after N bytes, refused connections for a while, a black hole, or a callback
/// (a server restart). The rule fires on what the client sends, so a fault lands on the step that sends it.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int TailLength = 512;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<ProxiedConnection> _open = [];
    private readonly Task _accepting;
    private volatile TcpListener? _listener;
    private FaultRule? _rule;
    private int _fired;
    private int _matched;
    private DateTime _blackHoleUntil;

    public FaultProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        Port = FreePort.Next();
        _listener = Listen();
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>How many times the armed rule fired.</summary>
    public int Fired
    {
        get
        {
            lock (_gate)
            {
                return _fired;
            }
        }
    }

    /// <summary>Client connections open through the proxy now (black-holed ones included).</summary>
    public int OpenConnections
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>Black-holed connections still open after swallowing a request: a client still waiting for an answer that will never come.</summary>
    public int StuckConnections
    {
        get
        {
            lock (_gate)
            {
                return _open.Count(c => c.Holed && c.Swallowed);
            }
        }
    }

    public void Arm(FaultRule rule)
    {
        lock (_gate)
        {
            _rule = rule;
            _fired = 0;
            _matched = 0;
        }
    }

    /// <summary>
    /// Stops injecting: the next connections pass. Black-holed connections are reset, as a peer that comes back answers
    /// a connection it no longer knows.
    /// </summary>
    public void Disarm()
    {
        List<ProxiedConnection> holed;
        lock (_gate)
        {
            _rule = null;
            _blackHoleUntil = default;
            holed = _open.FindAll(c => c.Holed);
        }

        holed.ForEach(c => c.Reset());
        _listener ??= Listen();
    }

    private TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return listener;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = _listener is { } listener ? await listener.AcceptSocketAsync(_stop.Token) : throw new InvalidOperationException("refusing");
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // The listener is closed while connections are refused.
                await Task.Delay(10, CancellationToken.None);
                continue;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        bool holed;
        lock (_gate)
        {
            holed = DateTime.UtcNow < _blackHoleUntil;
        }

        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var connection = new ProxiedConnection(client, server) { Holed = holed };
        lock (_gate)
        {
            _open.Add(connection);
        }

        try
        {
            if (!holed)
            {
                await server.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            }

            var up = PumpUpAsync(connection);
            // A connection black-holed from the start has no server side: it ends when the client or the proxy closes it.
            var down = holed ? connection.Closed : PumpDownAsync(connection);
            await Task.WhenAny(up, down);
            connection.Close();
            await Task.WhenAll(up.ContinueWith(_ => { }, TaskScheduler.Default), down.ContinueWith(_ => { }, TaskScheduler.Default));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            connection.Reset();
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(connection);
            }
        }
    }

    /// <summary>Client to server: where rules fire.</summary>
    private async Task PumpUpAsync(ProxiedConnection connection)
    {
        var buffer = new byte[1 << 16];
        var tail = "";
        while (true)
        {
            var read = await connection.Client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                return;
            }

            if (!connection.Holed)
            {
                var text = tail + Encoding.Latin1.GetString(buffer, 0, read);
                tail = text.Length > TailLength ? text[^TailLength..] : text;
                var (matched, rule) = Match(text);
                if (matched)
                {
                    // A match is counted once: the text it matched in is not carried into the next chunk's.
                    tail = "";
                }

                if (rule is not null && !await FireAsync(rule, connection))
                {
                    return;
                }
            }

            if (connection.Holed)
            {
                connection.Swallowed = true;
                continue;
            }

            if (connection.Delay > TimeSpan.Zero)
            {
                await Task.Delay(connection.Delay, _stop.Token);
            }

            await connection.Server.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
        }
    }

    /// <summary>Server to client: where a reset counts its bytes.</summary>
    private async Task PumpDownAsync(ProxiedConnection connection)
    {
        var buffer = new byte[1 << 16];
        while (true)
        {
            var read = await connection.Server.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                return;
            }

            if (connection.Holed)
            {
                continue;
            }

            if (connection.Delay > TimeSpan.Zero)
            {
                await Task.Delay(connection.Delay, _stop.Token);
            }

            if (connection.ResetAfter is { } budget)
            {
                // Headers pass whole when the reset is aimed at the body.
                var free = connection.HeadersPending ? HeaderEnd(buffer.AsSpan(0, read)) : 0;
                if (free < 0)
                {
                    free = read;
                }
                else
                {
                    connection.HeadersPending = false;
                }

                if (read - free >= budget)
                {
                    await connection.Client.SendAsync(buffer.AsMemory(0, free + (int)budget), SocketFlags.None, _stop.Token);
                    connection.Reset();
                    return;
                }

                connection.ResetAfter = budget - (read - free);
            }

            await connection.Client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
        }
    }

    /// <summary>Where an HTTP answer's headers end in the chunk (after the blank line), or -1 when they go on.</summary>
    private static int HeaderEnd(ReadOnlySpan<byte> chunk)
    {
        var at = chunk.IndexOf("\r\n\r\n"u8);
        return at < 0 ? -1 : at + 4;
    }

    /// <summary>Whether the armed rule's trigger matched, and the rule when this match is one it fires on.</summary>
    private (bool Matched, FaultRule? Fire) Match(string text)
    {
        lock (_gate)
        {
            if (_rule is not { } rule || _fired >= rule.Times || !rule.Trigger.IsMatch(text))
            {
                return (false, null);
            }

            if (++_matched < rule.Nth)
            {
                return (true, null);
            }

            _fired++;
            return (true, rule);
        }
    }

    /// <summary>Applies a fired rule to the connection that fired it; false when that connection is gone.</summary>
    private async Task<bool> FireAsync(FaultRule rule, ProxiedConnection connection)
    {
        switch (rule.Kind)
        {
            case FaultKind.Delay:
                connection.Delay = rule.Duration;
                return true;
            case FaultKind.Reset:
                connection.ResetAfter = rule.AfterBytes;
                connection.HeadersPending = rule.InBody;
                return true;
            case FaultKind.BlackHole:
                connection.Holed = true;
                lock (_gate)
                {
                    _blackHoleUntil = DateTime.UtcNow + rule.Duration;
                    if (rule.Duration > TimeSpan.Zero)
                    {
                        // The whole server: idle keep-alive connections go silent too.
                        _open.ForEach(c => c.Holed = true);
                    }
                }

                return true;
            case FaultKind.Refuse:
                await RefuseAsync(rule.Duration);
                return false;
            case FaultKind.Callback:
                _ = rule.OnFire?.Invoke();
                return true;
            default:
                throw new InvalidOperationException($"Unknown fault {rule.Kind}.");
        }
    }

    private async Task RefuseAsync(TimeSpan duration)
    {
        _listener?.Stop();
        _listener = null;
        List<ProxiedConnection> open;
        lock (_gate)
        {
            open = [.. _open];
        }

        foreach (var connection in open)
        {
            connection.Reset();
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(duration, _stop.Token);
            _listener ??= Listen();
        }, _stop.Token);
        await Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        List<ProxiedConnection> open;
        lock (_gate)
        {
            open = [.. _open];
        }

        foreach (var connection in open)
        {
            connection.Reset();
        }

        await _accepting;
        _stop.Dispose();
    }

    private sealed class ProxiedConnection(Socket client, Socket server)
    {
        public Socket Client { get; } = client;

        public Socket Server { get; } = server;

        public volatile bool Holed;

        public volatile bool Swallowed;

        public TimeSpan Delay { get; set; }

        /// <summary>Answer bytes still to forward before the reset; null when no reset is due.</summary>
        public long? ResetAfter { get; set; }

        /// <summary>A reset aimed at the body is waiting for the end of the answer's headers.</summary>
        public bool HeadersPending { get; set; }

        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Closed => _closed.Task;

        /// <summary>Closes both sides with RST (linger 0), as a dropped connection looks to its peers.</summary>
        public void Reset()
        {
            _closed.TrySetResult();
            foreach (var socket in new[] { Client, Server })
            {
                try
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                }

                socket.Dispose();
            }
        }

        public void Close()
        {
            _closed.TrySetResult();
            Client.Dispose();
            Server.Dispose();
        }
    }
}
