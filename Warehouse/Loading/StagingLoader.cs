using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Storage;
using MarketAspire.Warehouse.Sql;
using Npgsql;

namespace MarketAspire.Warehouse.Loading;

/// <summary>
/// Materializes <c>stg_stock_prices</c> for a partition: clears the partition's staging rows and loads the manifest,
/// in one transaction under the partition's lock; returns the rows now staged.
/// </summary>
public sealed class StagingLoader(WarehouseDatabase warehouse, IWarehouseDialect dialect)
{
    public async Task<long> LoadAsync(DailyPartition partition, string manifestKey, CancellationToken ct)
    {
        await using var connection = await warehouse.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await dialect.LockAsync(connection, tx, WarehouseSql.StagingTable, partition, ct);
        await PartitionCommand.ExecuteAsync(connection, tx, WarehouseSql.DeleteStagingPartition, partition, ct);
        await dialect.LoadStagingAsync(connection, tx, partition, manifestKey, ct);

        await using var count = new NpgsqlCommand(WarehouseSql.CountStagingPartition, connection, tx);
        count.Parameters.AddWithValue("partition", partition.Date);
        var rows = (long)(await count.ExecuteScalarAsync(ct))!;
        await tx.CommitAsync(ct);
        return rows;
    }
}
