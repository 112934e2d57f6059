using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Warehouse.Loading;

namespace MarketAspire.Warehouse.Curated;

/// <summary>
/// Materializes <c>curated_stock_prices</c>: the current series of every symbol the partition staged, rewritten whole
/// as Parquet under <c>curated/stock_prices/symbol=SYMBOL/</c> (a restatement can change any past bar). Locally the job
/// writes the files; on Redshift, <c>UNLOAD ... FORMAT AS PARQUET PARTITION BY (symbol) CLEANPATH</c> does.
/// </summary>
public sealed class CuratedExport(WarehouseDatabase warehouse, IWarehouseDialect dialect)
{
    /// <remarks>A broken connection or a restarted warehouse is retried: each file is replaced whole.</remarks>
    public Task<CuratedResult> ExportAsync(DailyPartition partition, CancellationToken ct) =>
        WarehouseRetry.ExecuteAsync(warehouse, $"curated_stock_prices {partition}", async token =>
        {
            await using var connection = await warehouse.OpenAsync(token);
            return await dialect.ExportCuratedAsync(connection, partition, token);
        }, ct);
}

/// <param name="Files">Files written, when the writer reports them (Redshift's UNLOAD names its own).</param>
public sealed record CuratedResult(int Symbols, long Rows, int? Files, string Prefix);
