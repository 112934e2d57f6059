using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Assets;

namespace MarketAspire.Extractor.Assets;

/// <summary><c>raw_listing_status</c>: the partition's active and delisted lists; a spent quota stops it like the other raw assets.</summary>
public sealed class RawListingStatusAsset(ListingStatusExtractor listings, StopSignal stop) : IAsset
{
    public AssetKey Key => MarketAssets.RawListingStatus;

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var result = await listings.ExtractAsync(context.Partition, stop, ct);
        return ExtractionOutput.Of(result, stop, countsRequests: true, "all");
    }
}
