using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using MarketAspire.Warehouse.Curated;
using MarketAspire.Warehouse.Sql;
using Npgsql;

namespace MarketAspire.Warehouse.Loading;

/// <summary>
/// Redshift: table locks (no advisory locks) and a server-side, parallel <c>COPY ... MANIFEST</c> from S3 with the
/// cluster's IAM role. A failed COPY aborts the transaction, so it is rolled back first; then the load errors are read
/// on the same session (<c>SYS_LOAD_ERROR_DETAIL</c> on Serverless, <c>STL_LOAD_ERRORS</c> on a provisioned cluster) and
/// reported with file, line, column and reason.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100",
    Justification = "COPY, UNLOAD and LOCK take no bind parameters; RedshiftStatements validates and quotes every literal.")]
public sealed class RedshiftDialect(LakeSettings lake, WarehouseSettings warehouse) : IWarehouseDialect
{
    public async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, DailyPartition partition, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(RedshiftStatements.Lock(table), connection, transaction);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // Redshift's locks are whole tables: the COPY step already holds staging's (taken before it reads the line), so the
    // move takes the same one, before stg_pending. Both steps then lock staging before stg_pending: no cycle.
    public async Task LockRetentionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool moving, CancellationToken ct)
    {
        if (moving)
        {
            await using var cmd = new NpgsqlCommand(RedshiftStatements.Lock(WarehouseSql.StagingTable), connection, transaction);
            await cmd.ExecuteNonQueryAsync(ct);
        }
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
            await transaction.RollbackAsync(CancellationToken.None);
            var details = await LoadErrorsAsync(connection, ct);
            throw new InvalidOperationException($"Redshift COPY of {manifestKey} failed and was rolled back: {ex.MessageText}. {details}", ex);
        }
    }

    public async Task<CuratedWrite> ExportCuratedAsync(NpgsqlConnection connection, DailyPartition partition, CuratedPlan plan, CancellationToken ct)
    {
        if (plan.Years.Count > 0)
        {
            await using var unload = new NpgsqlCommand(RedshiftStatements.UnloadCurated(lake.BucketName, plan.Id, warehouse.IamRoleArn!, lake.Region), connection);
            await unload.ExecuteNonQueryAsync(ct);
        }

        var written = new HashSet<SymbolYear>();
        long rows = 0;
        await using var cmd = new NpgsqlCommand(CuratedSql.WrittenYears, connection);
        cmd.Parameters.AddWithValue("plan", plan.Id);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            written.Add(new SymbolYear(reader.GetString(0), reader.GetInt32(1)));
            rows += reader.GetInt64(2);
        }

        return new CuratedWrite(written, rows, null);
    }

    /// <summary>Redshift sizes a query's memory by its workload management queue; there is nothing to set per session.</summary>
    public Task PrepareFactStepAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Redshift's automatic analyze keeps the fact table's statistics (and COPY's STATUPDATE the staging table's).</summary>
    public Task RefreshFactStatisticsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changedRows, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Redshift runs VACUUM DELETE itself, in the background, on a table with many deleted rows: nothing to do here.</summary>
    public Task<string?> CompactStagingAsync(MarketAspire.JobHosting.Storage.WarehouseDatabase warehouse, long pruned, CancellationToken ct) => Task.FromResult<string?>(null);

    private async Task<string> LoadErrorsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var errors = new NpgsqlCommand(warehouse.Serverless ? RedshiftStatements.LastLoadErrorsServerless : RedshiftStatements.LastLoadErrors, connection);
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
        catch (PostgresException ex)
        {
            return $"(the load errors could not be read from {(warehouse.Serverless ? "SYS_LOAD_ERROR_DETAIL" : "STL_LOAD_ERRORS")}: {ex.MessageText})";
        }
    }
}
