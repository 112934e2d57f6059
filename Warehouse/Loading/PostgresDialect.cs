using System.IO.Compression;
using Amazon.S3;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Lake;
using MarketAspire.JobHosting.Storage;
using MarketAspire.Warehouse.Curated;
using MarketAspire.Warehouse.Sql;
using MarketAspire.Warehouse.Staging;
using Npgsql;

namespace MarketAspire.Warehouse.Loading;

/// <summary>
/// The PostgreSQL stand-in: advisory locks, and a client-side load that reads the same manifest Redshift would and
/// streams its files through <c>COPY ... FROM STDIN</c>, fetching the next file while the current one loads.
/// </summary>
public sealed class PostgresDialect(IAmazonS3 s3, LakeSettings lake) : IWarehouseDialect
{
    public const string AnalyzeStaging = "ANALYZE market_data.stg_stock_prices";

    public const string AnalyzeFact = "ANALYZE market_data.fct_stock_prices";

    /// <summary>The rows the fact table's statistics know; -1 (PostgreSQL 14 and later) or 0 before its first ANALYZE.</summary>
    public const string FactRowsKnown = "SELECT reltuples FROM pg_class WHERE oid = 'market_data.fct_stock_prices'::regclass";

    private const double AnalyzeShare = 0.1;

    /// <summary>
    /// A whole partition (a million rows of full history) is joined and sorted in memory rather than in temp files, and
    /// JIT compilation, which costs more than it saves on these plans, is off; both only for the fact step's transaction.
    /// </summary>
    public const string FactStepSettings = "SET LOCAL work_mem = '128MB'; SET LOCAL jit = off";

    public const string CopyCommand = $"COPY {WarehouseSql.StagingTable} ({WarehouseSql.StagingColumns}) FROM STDIN (FORMAT csv)";

    public async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, DailyPartition partition, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@table), @partition)", connection, transaction);
        cmd.Parameters.AddWithValue("table", table);
        // Staging is locked per partition; the fact tables across partitions (a load reads other partitions' rows).
        cmd.Parameters.AddWithValue("partition", table == WarehouseSql.StagingTable ? partition.Date.DayNumber : 0);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // Shared for the COPY steps (several partitions load at once), exclusive for the move: a COPY in flight has its
    // pending mark seen by the move, and one that starts after it reads the moved line.
    public async Task LockRetentionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool moving, CancellationToken ct)
    {
        const string exclusive = "SELECT pg_advisory_xact_lock(hashtext(@table), 0)";
        const string shared = "SELECT pg_advisory_xact_lock_shared(hashtext(@table), 0)";
        await using var cmd = moving ? new NpgsqlCommand(exclusive, connection, transaction) : new NpgsqlCommand(shared, connection, transaction);
        cmd.Parameters.AddWithValue("table", "market_data.stg_retention");
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task LoadStagingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DailyPartition partition, string manifestKey, CancellationToken ct)
    {
        var manifest = await ManifestReader.ReadAsync(s3, lake, partition, manifestKey, ct);
        if (manifest.Count == 0)
        {
            return;
        }

        await CopyAsync(connection, manifest, ct);

        // Fresh statistics for the rows just loaded: the fact step's DELETE and INSERT join on them, and a plan
        // chosen from the previous load's statistics can run for many minutes instead of seconds.
        await using var analyze = new NpgsqlCommand(AnalyzeStaging, connection, transaction);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    public Task<string?> CompactStagingAsync(WarehouseDatabase warehouse, long pruned, CancellationToken ct) =>
        PostgresStagingCompaction.RunAsync(warehouse, pruned, ct);

    public Task PrepareFactStepAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        PartitionCommand.ExecuteAsync(connection, transaction, FactStepSettings, null, ct);

    public Task<CuratedWrite> ExportCuratedAsync(NpgsqlConnection connection, DailyPartition partition, CuratedPlan plan, CancellationToken ct) =>
        new ParquetSeriesWriter(s3, lake).WriteAsync(connection, plan, ct);

    /// <summary>
    /// ANALYZE reads a sample of up to 30,000 pages whatever changed, so a daily partition's few hundred rows do not pay for
    /// it: the table is analyzed when the step changed at least a tenth of the rows the statistics know (the share at
    /// which PostgreSQL's own autovacuum analyzes), or the table was never analyzed; the history loads that change plans are.
    /// </summary>
    public async Task RefreshFactStatisticsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long changedRows, CancellationToken ct)
    {
        await using (var known = new NpgsqlCommand(FactRowsKnown, connection, transaction))
        {
            var rows = Convert.ToDouble(await known.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            if (rows > 0 && changedRows < rows * AnalyzeShare)
            {
                return;
            }
        }

        await PartitionCommand.ExecuteAsync(connection, transaction, AnalyzeFact, null, ct);
    }

    private async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<ManifestFile> manifest, CancellationToken ct)
    {
        await using var writer = await connection.BeginTextImportAsync(CopyCommand, ct);
        var buffer = new char[1 << 16];
        Task<Stream>? next = OpenAsync(manifest[0], ct);
        for (var i = 0; i < manifest.Count; i++)
        {
            await using var file = await next!;
            next = i + 1 < manifest.Count ? OpenAsync(manifest[i + 1], ct) : null;
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8, false, 1 << 16);
            int read;
            while ((read = await reader.ReadAsync(buffer, ct)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
    }

    /// <summary>Downloads one staged file into memory (a few MB compressed), so the next download overlaps the COPY.</summary>
    private async Task<Stream> OpenAsync(ManifestFile file, CancellationToken ct) =>
        new MemoryStream(await LakeReads.ReadBytesAsync(s3, lake, file.Bucket, file.Key, ct), writable: false);
}
