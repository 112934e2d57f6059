using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Jobs;

namespace MarketAspire.Extractor.Assets;

/// <summary>
/// <c>raw_listing_status</c>: the partition's active and delisted lists. It runs after the prices and corporate actions,
/// and a spent quota (the API's or the client-side daily limit) defers it instead of failing the run: the prices come
/// first in a free key's 25 requests, and the previous universe stands until the next landing date's lists land.
/// </summary>
public sealed class RawListingStatusAsset(ListingStatusExtractor listings, StopSignal stop) : IAsset
{
    public AssetKey Key => MarketAssets.RawListingStatus;

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var result = await listings.ExtractAsync(context.Partition, stop, ct);
        var output = ExtractionOutput.Of(result, stop, countsRequests: true, "all");
        var deferred = !result.Failed.Any() && result.Remaining.Any() && stop.Kind == FailureKind.QuotaSpent;
        return deferred ? output with { Failure = null } : output;
    }
}
