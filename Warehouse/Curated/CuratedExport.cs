using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Warehouse.Loading;

namespace MarketAspire.Warehouse.Curated;

/// <summary>
/// Materializes <c>curated_stock_prices</c>: the current series, raw and adjusted, as Parquet under
/// <c>curated/stock_prices/symbol=SYMBOL/year=YEAR/</c>. A run rewrites only the symbol-years it changed (see
/// <see cref="CuratedSql"/>), so its cost follows the day's bars, not the history. Locally the job writes the files;
/// on Redshift, <c>UNLOAD ... FORMAT AS PARQUET PARTITION BY (symbol, year) CLEANPATH</c> does.
/// </summary>
public sealed class CuratedExport(WarehouseDatabase warehouse, IWarehouseDialect dialect, CuratedCleanup cleanup, LakeSettings lake)
{
    /// <remarks>
    /// One transaction holds the curated lock from the plan to the record, so runs of any partitions write the files one
    /// after the other (no upload or cleanup of one run lands among another's). A failure rolls the plan and the record
    /// back; a broken connection or a restarted warehouse is retried: the run is planned again and each file replaced whole.
    /// </remarks>
    public Task<CuratedResult> ExportAsync(DailyPartition partition, CancellationToken ct) =>
        WarehouseRetry.ExecuteAsync(warehouse, $"curated_stock_prices {partition}", async token =>
        {
            await using var connection = await warehouse.OpenAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(token);
            await dialect.LockAsync(connection, transaction, CuratedSql.FactorsTable, partition, token);
            var plan = await CuratedPlan.MakeAsync(connection, transaction, partition, token);
            var written = await dialect.ExportCuratedAsync(connection, partition, plan, token);
            var removed = await cleanup.RemoveStaleAsync(plan, written.Years, token);
            await plan.RecordAsync(connection, transaction, partition, token);
            await transaction.CommitAsync(token);
            return new CuratedResult(
                plan.Years.Select(y => y.Symbol).Distinct().Count(), plan.Years.Count, plan.WholeSymbols.Count, written.Rows, written.Files, removed,
                $"s3://{lake.BucketName}/{LakeKeys.CuratedPrefix}");
        }, ct);
}

/// <summary>What a dialect wrote: the symbol-years that got a file, their rows, and the files when the writer knows them.</summary>
public sealed record CuratedWrite(IReadOnlySet<SymbolYear> Years, long Rows, int? Files);

/// <param name="Years">Symbol-years rewritten.</param>
/// <param name="WholeSymbols">Symbols rewritten whole (their adjustment factors changed, or first written in this layout).</param>
/// <param name="Files">Files written, when the writer reports them (Redshift's UNLOAD names its own).</param>
/// <param name="Removed">Stale objects removed.</param>
public sealed record CuratedResult(int Symbols, int Years, int WholeSymbols, long Rows, int? Files, int Removed, string Prefix);
