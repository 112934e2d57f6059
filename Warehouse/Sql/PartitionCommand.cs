using System.Diagnostics.CodeAnalysis;
using MarketAspire.AssetGraph.Partitions;
using Npgsql;

namespace MarketAspire.Warehouse.Sql;

/// <summary>Runs one of the <see cref="WarehouseSql"/> constants with the partition (and load time) as parameters.</summary>
public static class PartitionCommand
{
    [SuppressMessage("Security", "CA2100", Justification = "Only WarehouseSql constants are passed; values travel as parameters.")]
    public static async Task<long> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string sql, DailyPartition? partition, CancellationToken ct, DateTimeOffset? loadedAt = null)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        if (partition is { } p)
        {
            cmd.Parameters.AddWithValue("partition", p.Date);
        }

        if (loadedAt is { } at)
        {
            cmd.Parameters.AddWithValue("loaded_at", at.ToUniversalTime());
        }

        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
