using System.Threading.RateLimiting;
using Polly.RateLimiting;

namespace MarketAspire.Extractor.MarketApi;

/// <summary>
/// The client-side limits as the innermost strategy of the API client's resilience pipeline, so that every request
/// that leaves the process, retries included, takes a permit: it waits for the per-minute limit and is refused
/// (<see cref="RateLimiterRejectedException"/>) once the per-day limit is spent.
/// </summary>
public static class RequestPermits
{
    public static RateLimiterStrategyOptions Options(ExtractionRateLimits limits) => new()
    {
        Name = "market-api-permits",
        RateLimiter = async args =>
        {
            var ct = args.Context.CancellationToken;
            if (limits.PerDay is { } perDay && !await perDay.TryAcquireAsync(ct))
            {
                return Lease.Refused;
            }

            await limits.PerMinute.AcquireAsync(ct);
            return Lease.Granted;
        },
    };

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);
        public static readonly Lease Refused = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
