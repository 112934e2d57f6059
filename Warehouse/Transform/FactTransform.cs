using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Sql;
using Npgsql;

namespace MarketAspire.Warehouse.Transform;

/// <summary>
/// Materializes <c>fct_stock_prices</c> for a partition in one transaction, serialized by a lock: rows whose values
/// changed are replaced and their old versions kept in <c>fct_stock_price_revisions</c>, new keys are inserted, and
/// rows delivered unchanged are not written at all. Any failure rolls back and leaves both tables exactly as they were.
/// </summary>
public sealed class FactTransform(WarehouseDatabase warehouse, IWarehouseDialect dialect, TimeProvider time)
{
    /// <summary>Runs between the DELETE and the INSERT; tests inject a failure here to prove the rollback.</summary>
    public Func<CancellationToken, Task>? BetweenDeleteAndInsert { get; set; }

    public async Task<FactResult> ApplyAsync(DailyPartition partition, CancellationToken ct)
    {
        var loadedAt = time.GetUtcNow();
        await using var connection = await warehouse.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await dialect.LockAsync(connection, tx, WarehouseSql.FactTable, partition, ct);
        await dialect.PrepareFactStepAsync(connection, tx, ct);

        async Task<long> Run(string sql) => await PartitionCommand.ExecuteAsync(connection, tx, sql, partition, ct, loadedAt);

        await Run(WarehouseSql.CreateChangedKeys);
        long revised = 0;
        if (await Run(WarehouseSql.FindChangedKeys) > 0)
        {
            revised = await Run(WarehouseSql.ArchiveChangedRows);
            await Run(WarehouseSql.DeleteChangedRows);
        }

        await Run(WarehouseSql.DropChangedKeys);
        var (removed, restored) = await RemoveVersionsNoLongerStagedAsync(Run);
        if (BetweenDeleteAndInsert is { } hook)
        {
            await hook(ct);
        }

        var inserted = await Run(WarehouseSql.InsertFact);
        if (revised + removed + inserted > 0)
        {
            await dialect.RefreshFactStatisticsAsync(connection, tx, ct);
        }

        await tx.CommitAsync(ct);
        return new FactResult(revised, inserted, removed, restored);
    }

    private static async Task<(long Removed, long Restored)> RemoveVersionsNoLongerStagedAsync(Func<string, Task<long>> run)
    {
        await run(WarehouseSql.CreateStaleKeys);
        long removed = 0, restored = 0;
        if (await run(WarehouseSql.FindStaleKeys) > 0)
        {
            await run(WarehouseSql.ArchiveStaleRows);
            removed = await run(WarehouseSql.DeleteStaleRows);
            restored = await run(WarehouseSql.RestoreReplacedVersions);
            await run(WarehouseSql.DeleteRestoredRevisions);
            restored += await run(WarehouseSql.RestoreStaleKeysFromEarlierLandings);
        }

        await run(WarehouseSql.DropStaleKeys);
        return (removed, restored);
    }
}

/// <param name="Revised">Rows whose values this landing changed: their old versions are now revisions.</param>
/// <param name="Inserted">Rows written: new keys and the revised ones' new versions.</param>
/// <param name="Removed">Versions an earlier load of this partition made current that it no longer stages.</param>
/// <param name="Restored">Of those keys, the ones written back from the version they had replaced or an earlier landing date.</param>
public sealed record FactResult(long Revised, long Inserted, long Removed, long Restored);
