namespace MarketAspire.MarketApiSimulator;

/// <summary>Counts requests in a rolling minute and per calendar day, as Alpha Vantage's quota does.</summary>
public sealed class RequestCounter(TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _lastMinute = new();
    private readonly Lock _lock = new();
    private DateOnly _day;
    private int _today;

    public int QuotaResponses { get; private set; }

    public int Admitted { get; private set; }

    /// <summary>Counts the request; says which limit (if any) it breaks. A refused request does not count.</summary>
    public QuotaVerdict Admit(int perMinute, int perDay)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var day = DateOnly.FromDateTime(now.UtcDateTime);
            if (day != _day)
            {
                _day = day;
                _today = 0;
            }

            while (_lastMinute.Count > 0 && now - _lastMinute.Peek() >= TimeSpan.FromMinutes(1))
            {
                _lastMinute.Dequeue();
            }

            if (perDay > 0 && _today >= perDay)
            {
                QuotaResponses++;
                return QuotaVerdict.DailyExceeded;
            }

            if (perMinute > 0 && _lastMinute.Count >= perMinute)
            {
                QuotaResponses++;
                return QuotaVerdict.MinuteExceeded;
            }

            _lastMinute.Enqueue(now);
            _today++;
            Admitted++;
            return QuotaVerdict.Admitted;
        }
    }
}

public enum QuotaVerdict
{
    Admitted,
    MinuteExceeded,
    DailyExceeded,
}
