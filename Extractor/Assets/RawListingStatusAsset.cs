using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.Extractor.Assets;

/// <summary>
/// <c>raw_listing_status</c>: the partition's active and delisted lists. It runs after the prices and corporate actions.
/// In a run that also extracts the prices (the daily job), a spent quota (the API's or the client-side daily limit)
/// defers it instead of failing the run: the prices come first in a free key's 25 requests, and the previous universe
/// stands until the next landing date's lists land. A run of the lists alone (a dated universe backfill) has nothing
/// to defer to: the spent quota fails it as such, so the backfill stops and the same command resumes it the next day.
/// </summary>
public sealed class RawListingStatusAsset(ListingStatusExtractor listings, StopSignal stop) : IAsset
{
    public AssetKey Key => MarketAssets.RawListingStatus;

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var result = await listings.ExtractAsync(context.Partition, stop, ct);
        var output = ExtractionOutput.Of(result, stop, countsRequests: true, "all");
        var pricesRan = context.Job.Assets is null || context.Job.Assets.Contains(MarketAssets.RawStockPrices);
        var deferred = pricesRan && !result.Failed.Any() && result.Remaining.Any() && stop.Kind == FailureKind.QuotaSpent;
        return deferred ? output with { Failure = null } : output;
    }
}
