using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Storage;
using MarketAspire.Warehouse.Loading;
using MarketAspire.Warehouse.Sql;

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

        var deleted = await PartitionCommand.ExecuteAsync(connection, tx, WarehouseSql.DeleteFactKeys, partition, ct);
        if (BetweenDeleteAndInsert is { } hook)
        {
            await hook(ct);
        }

        var inserted = await PartitionCommand.ExecuteAsync(connection, tx, WarehouseSql.InsertFact, partition, ct, time.GetUtcNow());
        await tx.CommitAsync(ct);
        return new FactResult(deleted, inserted);
    }
}

public sealed record FactResult(long Deleted, long Inserted);
