using MarketAspire.AssetGraph.Configuration;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.Warehouse.Sql;
using Npgsql;

namespace MarketAspire.Warehouse.Loading;

/// <summary>
/// Redshift: table locks (no advisory locks) and a server-side, parallel <c>COPY ... MANIFEST</c> from S3 with the
/// cluster's IAM role. Load errors are read back from <c>STL_LOAD_ERRORS</c> and reported with line and reason.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100",
    Justification = "COPY and LOCK take no bind parameters; RedshiftStatements validates and quotes every literal.")]
public sealed class RedshiftDialect(LakeSettings lake, WarehouseSettings warehouse) : IWarehouseDialect
{
    public async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, DailyPartition partition, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(RedshiftStatements.Lock(table), connection, transaction);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task LoadStagingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DailyPartition partition, string manifestKey, CancellationToken ct)
    {
        var copy = RedshiftStatements.CopyFromManifest(lake.BucketName, manifestKey, warehouse.IamRoleArn!, lake.Region);
        try
        {
            await using var cmd = new NpgsqlCommand(copy, connection, transaction);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException ex)
        {
            var details = await LoadErrorsAsync(connection, ct);
            throw new InvalidOperationException($"Redshift COPY of {manifestKey} failed: {ex.MessageText}. {details}", ex);
        }
    }

    private static async Task<string> LoadErrorsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // The failed COPY aborted the transaction; read the errors on a fresh one.
        await using var errors = new NpgsqlCommand(RedshiftStatements.LastLoadErrors, connection);
        try
        {
            await using var reader = await errors.ExecuteReaderAsync(ct);
            var lines = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                lines.Add($"{reader.GetString(0).Trim()} line {reader.GetInt64(1)}, column {reader.GetString(2).Trim()}: {reader.GetString(3).Trim()}");
            }

            return lines.Count == 0 ? "" : "Load errors: " + string.Join("; ", lines);
        }
        catch (PostgresException)
        {
            return "(STL_LOAD_ERRORS could not be read in the aborted transaction)";
        }
    }
}
