using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Warehouse.Sql;
using Npgsql;

namespace MarketAspire.Warehouse.Loading;

/// <summary>
/// Materializes <c>stg_stock_prices</c> for a partition: clears the partition's staging rows and loads the manifest,
/// in one transaction under the partition's lock; returns the rows now staged. The count is checked before the commit:
/// a load that does not hold exactly the rows staged_stock_prices wrote rolls back and leaves the previous rows.
/// </summary>
public sealed class StagingLoader(WarehouseDatabase warehouse, IWarehouseDialect dialect, StagingRetention retention)
{
    /// <remarks>A broken connection or a restarted warehouse is retried: the transaction is idempotent.</remarks>
    public Task<long> LoadAsync(DailyPartition partition, string manifestKey, long expectedRows, CancellationToken ct) =>
        WarehouseRetry.ExecuteAsync(warehouse, $"stg_stock_prices {partition}", token => LoadOnceAsync(partition, manifestKey, expectedRows, token), ct);

    private async Task<long> LoadOnceAsync(DailyPartition partition, string manifestKey, long expectedRows, CancellationToken ct)
    {
        await using var connection = await warehouse.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await dialect.LockAsync(connection, tx, WarehouseSql.StagingTable, partition, ct);
        await dialect.LockRetentionAsync(connection, tx, moving: false, ct);
        retention.ThrowIfFrozen("stg_stock_prices", partition, await StagingRetention.FrozenBeforeAsync(connection, tx, ct));
        await PartitionCommand.ExecuteAsync(connection, tx, WarehouseSql.DeleteStagingPartition, partition, ct);
        await PartitionCommand.ExecuteAsync(connection, tx, StagingRetentionSql.ClearPending, partition, ct);
        await PartitionCommand.ExecuteAsync(connection, tx, StagingRetentionSql.MarkPending, partition, ct);
        if (expectedRows > 0)
        {
            // An empty manifest is not loaded at all: Redshift's COPY fails when a manifest lists no file.
            await dialect.LoadStagingAsync(connection, tx, partition, manifestKey, ct);
        }

        await using var count = new NpgsqlCommand(WarehouseSql.CountStagingPartition, connection, tx);
        count.Parameters.AddWithValue("partition", partition.Date);
        var rows = (long)(await count.ExecuteScalarAsync(ct))!;
        if (rows != expectedRows)
        {
            throw new InvalidOperationException(
                $"stg_stock_prices {partition}: the COPY of {manifestKey} loaded {rows} rows but staged_stock_prices wrote {expectedRows}; " +
                "the manifest and the table disagree, so the load was rolled back and the previous rows stay.");
        }

        await tx.CommitAsync(ct);
        return rows;
    }
}
