namespace MarketAspire.Extractor.MarketApi;

/// <summary>
/// At most N acquisitions in any rolling window. System.Threading.RateLimiting's sliding window counts in segments,
/// so a window that straddles two segments can hold more than N: enough for Alpha Vantage to answer with a quota
/// message. This one remembers each acquisition's time and never lets a rolling window exceed the limit.
/// </summary>
public sealed class RollingWindowLimiter(int limit, TimeSpan window, TimeProvider time)
{
    private readonly Queue<long> _stamps = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

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

                if (_stamps.Count < limit)
                {
                    _stamps.Enqueue(now);
                    return;
                }

                var wait = window - time.GetElapsedTime(_stamps.Peek(), now);
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes one acquisition without waiting, if it fits.</summary>
    public bool TryAcquire()
    {
        if (!_gate.Wait(0))
        {
            return false;
        }

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
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
