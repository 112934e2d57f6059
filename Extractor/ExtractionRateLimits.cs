using MarketAspire.Extractor.MarketApi;

namespace MarketAspire.Extractor;

/// <summary>The client-side limits, one pair per process, so that every partition of a backfill shares them.</summary>
public sealed class ExtractionRateLimits(MarketApiSettings settings, TimeProvider time)
{
    // A little beyond a minute: requests leave here and arrive there at slightly different moments.
    private static readonly TimeSpan MinuteWindow = TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(500);

    public RollingWindowLimiter PerMinute { get; } = new(settings.RequestsPerMinute, MinuteWindow, time, evenlySpaced: true);

    public RollingWindowLimiter? PerDay { get; } =
        settings.RequestsPerDay > 0 ? new RollingWindowLimiter(settings.RequestsPerDay, TimeSpan.FromDays(1), time) : null;
}
