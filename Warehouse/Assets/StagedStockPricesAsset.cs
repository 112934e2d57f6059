using MarketAspire.AssetGraph.Graph;
using MarketAspire.JobHosting.Assets;
using MarketAspire.JobHosting.Lineage;
using MarketAspire.Warehouse.Staging;

namespace MarketAspire.Warehouse.Assets;

/// <summary><c>staged_stock_prices</c>: the partition's raw objects parsed, validated and written as gzip CSV files, a COPY manifest and a rejects file.</summary>
public sealed class StagedStockPricesAsset(StagingBuilder staging, WarehouseMetrics metrics, ILogger<StagedStockPricesAsset> logger) : IAsset
{
    public AssetKey Key => MarketAssets.StagedStockPrices;

    public async Task<AssetOutput> MaterializeAsync(AssetContext context, CancellationToken ct)
    {
        var result = await staging.BuildAsync(context.Partition, context.RunId, ct);
        if (result.RejectedRows > 0 || result.RejectedObjects > 0)
        {
            var first = result.SampleRejects[0];
            WarehouseLog.Rejected(logger, context.Partition.Key, result.RejectedRows, first.ObjectKey, first.PriceDate, first.Reason);
        }

        metrics.Staged(result.StagedRows, result.RejectedRows);
        return new AssetOutput(result, StagedMetadata.Of(result))
        {
            ObservedInputs = new Dictionary<AssetKey, string> { [MarketAssets.RawStockPrices] = result.RawDataVersion },
        };
    }
}

/// <summary>What staging recorded: objects, rows (raw = staged + rejected, which reconciliation reads back), files, bytes, and the rejects.</summary>
public sealed record StagedMetadata(
    int Objects,
    int RejectedObjects,
    int UnverifiedObjects,
    long ProvisionalRows,
    int Files,
    long BytesRead,
    long BytesWritten,
    string Manifest,
    string RejectsFile,
    IReadOnlyDictionary<string, int> RejectReasons,
    IReadOnlyList<RejectSample> SampleRejects,
    long RawRows,
    long StagedRows,
    long RejectedRows) : IWrittenStatistics
{
    WrittenStatistics IWrittenStatistics.Written => new(StagedRows, BytesWritten, Files);

    public static StagedMetadata Of(StagingResult result) => new(
        result.Objects, result.RejectedObjects, result.UnverifiedObjects, result.ProvisionalRows, result.Files, result.BytesRead, result.BytesWritten,
        result.ManifestKey, result.RejectsKey, result.RejectReasons, [.. result.SampleRejects.Select(RejectSample.Of)],
        result.RawRows, result.StagedRows, result.RejectedRows);
}

/// <summary>One rejected row (or object) as recorded: where, which day, why, and its text.</summary>
public sealed record RejectSample(string Key, string? PriceDate, string Reason, string? Text)
{
    public static RejectSample Of(RejectedRow row) => new(row.ObjectKey, row.PriceDate, row.Reason, row.Text);
}
