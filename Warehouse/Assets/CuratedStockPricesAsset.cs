using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Assets;
using MarketAspire.Warehouse.Curated;

namespace MarketAspire.Warehouse.Assets;

/// <summary><c>curated_stock_prices</c>: the partition's symbols' current series, raw and adjusted, as Parquet in the lake.</summary>
public sealed class CuratedStockPricesAsset(CuratedExport curated, ILogger<CuratedStockPricesAsset> logger) : IAsset
{
    public AssetKey Key => MarketAssets.CuratedStockPrices;

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var result = await curated.ExportAsync(context.Partition, ct);
        WarehouseLog.Curated(logger, context.Partition.Key, result.Symbols, result.Rows, result.Prefix);
        return new AssetOutput(result, new CuratedMetadata(result.Symbols, result.Rows, result.Files, result.Prefix));
    }
}

public sealed record CuratedMetadata(int Symbols, long Rows, int? Files, string Prefix);
