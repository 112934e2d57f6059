using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Sql;
using Npgsql;

namespace MarketAspire.Warehouse.Transform;

/// <summary>
/// Materializes <c>fct_stock_prices</c> for a partition: the seed's DELETE-INSERT in one transaction, serialized by a
/// lock. Any failure rolls back and leaves the fact table exactly as it was.
/// </summary>
public sealed class FactTransform(WarehouseDatabase warehouse, IWarehouseDialect dialect, TimeProvider time)
{
    /// <summary>Runs between the DELETE and the INSERT; tests inject a failure here to prove the rollback.</summary>
    public Func<CancellationToken, Task>? BetweenDeleteAndInsert { get; set; }

    public async Task<FactResult> ApplyAsync(DailyPartition partition, CancellationToken ct)
    {
        await using var connection = await warehouse.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await dialect.LockAsync(connection, tx, WarehouseSql.FactTable, partition, ct);
        await dialect.PrepareFactStepAsync(connection, tx, ct);

        var deleted = await PartitionCommand.ExecuteAsync(connection, tx, WarehouseSql.DeleteFactKeys, partition, ct);
        var (removed, restored) = await RemoveRowsNoLongerStagedAsync(connection, tx, partition, ct);
        if (BetweenDeleteAndInsert is { } hook)
        {
            await hook(ct);
        }

        var inserted = await PartitionCommand.ExecuteAsync(connection, tx, WarehouseSql.InsertFact, partition, ct, time.GetUtcNow());
        await dialect.RefreshFactStatisticsAsync(connection, tx, ct);
        await tx.CommitAsync(ct);
        return new FactResult(deleted, inserted, removed, restored);
    }

    /// <summary>Runs after <see cref="WarehouseSql.DeleteFactKeys"/>, whose deletions leave only this partition's stale rows.</summary>
    private async Task<(long Removed, long Restored)> RemoveRowsNoLongerStagedAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, DailyPartition partition, CancellationToken ct)
    {
        await PartitionCommand.ExecuteAsync(connection, tx, WarehouseSql.CreateStaleKeys, null, ct);
        var stale = await PartitionCommand.ExecuteAsync(connection, tx, WarehouseSql.FindStaleKeys, partition, ct);
        long removed = 0, restored = 0;
        if (stale > 0)
        {
            removed = await PartitionCommand.ExecuteAsync(connection, tx, WarehouseSql.DeleteStaleRows, partition, ct);
            restored = await PartitionCommand.ExecuteAsync(connection, tx, WarehouseSql.RestoreStaleKeysFromEarlierLandings, partition, ct, time.GetUtcNow());
        }

        await PartitionCommand.ExecuteAsync(connection, tx, WarehouseSql.DropStaleKeys, null, ct);
        return (removed, restored);
    }
}

/// <param name="Removed">Rows an earlier load of this partition wrote that it no longer stages.</param>
/// <param name="Restored">Of those keys, the ones an earlier landing date's staging still holds, written back from it.</param>
public sealed record FactResult(long Deleted, long Inserted, long Removed, long Restored);
