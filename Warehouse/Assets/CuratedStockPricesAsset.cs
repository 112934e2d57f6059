using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Lineage;
using MarketAspire.Warehouse.Curated;

namespace MarketAspire.Warehouse.Assets;

/// <summary><c>curated_stock_prices</c>: the current series, raw and adjusted, as Parquet in the lake, rewritten where the partition changed it.</summary>
public sealed class CuratedStockPricesAsset(CuratedExport curated, ILogger<CuratedStockPricesAsset> logger) : IAsset
{
    public AssetKey Key => MarketAssets.CuratedStockPrices;

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var result = await curated.ExportAsync(context.Partition, ct);
        WarehouseLog.Curated(logger, context.Partition.Key, result.Years, result.Symbols, result.WholeSymbols, result.Rows, result.Prefix, result.Removed);
        return new AssetOutput(result, new CuratedMetadata(result.Symbols, result.Years, result.WholeSymbols, result.Rows, result.Files, result.Removed, result.Prefix));
    }
}

/// <param name="Symbols">Symbols with a symbol-year rewritten.</param>
/// <param name="Years">Symbol-years rewritten.</param>
/// <param name="WholeSymbols">Symbols rewritten whole: their adjustment factors changed, or first written per year.</param>
public sealed record CuratedMetadata(int Symbols, int Years, int WholeSymbols, long Rows, int? Files, int RemovedObjects, string Prefix) : IWrittenStatistics
{
    WrittenStatistics IWrittenStatistics.Written => new(Rows, Files: Files);
}
