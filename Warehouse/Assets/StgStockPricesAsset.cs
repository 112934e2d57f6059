using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Lineage;
using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Staging;

namespace MarketAspire.Warehouse.Assets;

/// <summary><c>stg_stock_prices</c>: the staged files COPY-loaded into the staging table, row count verified against the manifest.</summary>
public sealed class StgStockPricesAsset(StagingLoader loader, TimeProvider time, ILogger<StgStockPricesAsset> logger) : IAsset
{
    public AssetKey Key => MarketAssets.StgStockPrices;

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var staged = context.Input<StagingResult>(MarketAssets.StagedStockPrices);
        var started = time.GetTimestamp();
        var rows = await loader.LoadAsync(context.Partition, staged.ManifestKey, staged.StagedRows, ct);
        WarehouseLog.StagingLoaded(logger, context.Partition.Key, rows, staged.Files, (long)time.GetElapsedTime(started).TotalMilliseconds);
        return new AssetOutput(rows, new StgMetadata(rows, staged.Files, staged.ManifestKey));
    }
}

public sealed record StgMetadata(long Rows, int Files, string Manifest) : IWrittenStatistics
{
    WrittenStatistics IWrittenStatistics.Written => new(Rows, Files: Files);
}
