using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Lineage;
using MarketAspire.Warehouse.Transform;

namespace MarketAspire.Warehouse.Assets;

/// <summary><c>fct_stock_prices</c>: the partition's staged rows applied to the fact table in one transaction, replaced versions kept.</summary>
public sealed class FctStockPricesAsset(FactTransform fact, WarehouseMetrics metrics, TimeProvider time, ILogger<FctStockPricesAsset> logger) : IAsset
{
    public AssetKey Key => MarketAssets.FctStockPrices;

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var result = await fact.ApplyAsync(context.Partition, ct);
        WarehouseLog.FactApplied(logger, context.Partition.Key, result.Inserted - result.Revised, result.Revised, (long)time.GetElapsedTime(started).TotalMilliseconds);
        metrics.Loaded(result.Inserted);
        return new AssetOutput(result,
            new FactMetadata(result.Inserted - result.Revised, result.Revised, result.KeysRebuilt, result.VersionsRebuilt, result.Unchanged, result.StagedRowsPruned, result.StagingHeldBy, result.StagingCompaction));
    }
}

/// <param name="KeysRebuilt">Keys whose landing-date history was rebuilt from staging (a later landing, a re-delivery, a withdrawal).</param>
/// <param name="StagedRowsPruned">Staged rows of landing dates frozen by this load (older than staging's retention).</param>
/// <param name="StagingHeldBy">A landing date staged and never applied that holds staging's retention back: apply it (run its Warehouse job) and staging is pruned again.</param>
/// <param name="StagingCompaction">When a prune left staging's file far larger than its rows: whether the table was rewritten to give the space back, or why not.</param>
public sealed record FactMetadata(long RowsNew, long RowsRevised, long KeysRebuilt, long VersionsRebuilt, long RowsUnchanged, long StagedRowsPruned, DateOnly? StagingHeldBy, string? StagingCompaction) : IWrittenStatistics
{
    WrittenStatistics IWrittenStatistics.Written => new(RowsNew + RowsRevised);
}
