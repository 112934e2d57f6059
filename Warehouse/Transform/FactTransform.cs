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

        var keys = await CountStagedKeysAsync(connection, tx, partition, ct);
        long revised = 0;
        if (keys.Differing > 0)
        {
            await Run(WarehouseSql.CreateChangedKeys);
            if (await Run(WarehouseSql.FindChangedKeys) > 0)
            {
                revised = await Run(WarehouseSql.ArchiveChangedRows);
                await Run(WarehouseSql.DeleteChangedRows);
            }

            await Run(WarehouseSql.DropChangedKeys);
        }

        // Versions this partition made current can only have gone unstaged when fewer of them than before are staged.
        var (removed, restored) = keys.CurrentFromPartition > keys.PresentFromPartition ? await RemoveVersionsNoLongerStagedAsync(Run) : (0, 0);
        if (BetweenDeleteAndInsert is { } hook)
        {
            await hook(ct);
        }

        // Only keys the fact table did not hold, and the ones just revised, can be inserted.
        var inserted = keys.Present < keys.Staged || revised > 0 ? await Run(WarehouseSql.InsertFact) : 0;
        if (revised + removed + inserted > 0)
        {
            await dialect.RefreshFactStatisticsAsync(connection, tx, ct);
        }

        await tx.CommitAsync(ct);
        return new FactResult(revised, inserted, removed, restored, keys.Present - keys.Differing);
    }

    private static async Task<StagedKeyCounts> CountStagedKeysAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DailyPartition partition, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(WarehouseSql.CountStagedKeys, connection, tx);
        cmd.Parameters.AddWithValue("partition", partition.Date);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new StagedKeyCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
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
/// <param name="Unchanged">Staged rows whose values the fact table already held: not written.</param>
public sealed record FactResult(long Revised, long Inserted, long Removed, long Restored, long Unchanged);

/// <summary>The partition's staged keys against the fact table, before the fact step changes anything.</summary>
/// <param name="Staged">Rows the partition staged.</param>
/// <param name="CurrentFromPartition">Fact rows whose current version this partition delivered.</param>
/// <param name="Present">Staged keys the fact table holds.</param>
/// <param name="PresentFromPartition">Of those, the ones whose current version this partition delivered.</param>
/// <param name="Differing">Of those, the ones whose values differ from the staged ones.</param>
internal sealed record StagedKeyCounts(long Staged, long CurrentFromPartition, long Present, long PresentFromPartition, long Differing);
