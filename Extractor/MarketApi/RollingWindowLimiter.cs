namespace MarketAspire.Extractor.MarketApi;

/// <summary>
/// At most N acquisitions in any rolling window, optionally spaced evenly (window / N apart) so requests flow at the
/// limit's rate instead of in bursts. System.Threading.RateLimiting's sliding window counts in segments, so a window
/// that straddles two segments can hold more than N: enough for Alpha Vantage to answer with a quota message. This
/// one remembers each acquisition's time and never lets a rolling window exceed the limit.
/// </summary>
public sealed class RollingWindowLimiter(int limit, TimeSpan window, TimeProvider time, bool evenlySpaced = false)
{
    private readonly Queue<long> _stamps = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeSpan _spacing = evenlySpaced ? window / limit : TimeSpan.Zero;
    private long? _last;

    public int Limit => limit;

    /// <summary>Waits until one more acquisition fits the window, then takes it.</summary>
    public async Task AcquireAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            while (true)
            {
                var now = time.GetTimestamp();
                while (_stamps.Count > 0 && time.GetElapsedTime(_stamps.Peek(), now) >= window)
                {
                    _stamps.Dequeue();
                }

                var sinceLast = _last is { } last ? time.GetElapsedTime(last, now) : TimeSpan.MaxValue;
                if (_stamps.Count < limit && sinceLast >= _spacing)
                {
                    _stamps.Enqueue(now);
                    _last = now;
                    return;
                }

                var wait = _stamps.Count >= limit ? window - time.GetElapsedTime(_stamps.Peek(), now) : _spacing - sinceLast;
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Takes one acquisition if the window has room, without waiting for room. It does wait its turn behind another
    /// caller (briefly, or as long as an <see cref="AcquireAsync"/> holds the gate): contention is not exhaustion.
    /// </summary>
    public async Task<bool> TryAcquireAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetTimestamp();
            while (_stamps.Count > 0 && time.GetElapsedTime(_stamps.Peek(), now) >= window)
            {
                _stamps.Dequeue();
            }

            if (_stamps.Count >= limit)
            {
                return false;
            }

            _stamps.Enqueue(now);
            _last = now;
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
