using System.Diagnostics;
using System.Text.Json;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace MarketAspire.JobHosting.Records;

/// <summary>Reads and writes the run, materialization and check records in schema <c>market_meta</c>.</summary>
public sealed class MetaStore(NpgsqlDataSource dataSource, WarehouseDialect dialect)
{
    public WarehouseDialect Dialect => dialect;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private TimeSpan StatementTimeout => TimeSpan.FromSeconds(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).CommandTimeout);

    // PostgreSQL stores metadata as jsonb; Redshift as VARCHAR text of the same JSON.
    private NpgsqlDbType JsonType => dialect == WarehouseDialect.Postgres ? NpgsqlDbType.Jsonb : NpgsqlDbType.Varchar;

    public Task StartRunAsync(string runId, string job, string selection, string partitions, DateTimeOffset startedAt, CancellationToken ct)
    {
        // The trace the run belongs to (the job's or the backfill's activity), so the catalog can link to it.
        var traceId = Activity.Current is { } activity ? activity.TraceId.ToHexString() : null;
        var attempts = 0;
        return RecordRetry.ExecuteAsync(dataSource, $"recording the start of run {runId}", StatementTimeout, async token =>
        {
            await using var cmd = dataSource.CreateCommand(MetaSql.StartRun);
            cmd.Parameters.AddWithValue("run_id", runId);
            cmd.Parameters.AddWithValue("job", job);
            cmd.Parameters.AddWithValue("selection", selection);
            cmd.Parameters.AddWithValue("partitions", partitions);
            cmd.Parameters.AddWithValue("started_at", startedAt.ToUniversalTime());
            cmd.Parameters.AddWithValue("status", RunStatus.Running);
            cmd.Parameters.Add(new NpgsqlParameter("trace_id", NpgsqlDbType.Varchar) { Value = (object?)traceId ?? DBNull.Value });
            try
            {
                attempts++;
                await cmd.ExecuteNonQueryAsync(token);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempts > 1)
            {
                // The first attempt committed; only its answer was lost.
            }
        }, ct);
    }

    public Task FinishRunAsync(string runId, string status, string? error, DateTimeOffset finishedAt, CancellationToken ct, FailureKind kind = FailureKind.None) =>
        RecordRetry.ExecuteAsync(dataSource, $"recording the end of run {runId}", StatementTimeout, async token =>
        {
            await using var cmd = dataSource.CreateCommand(MetaSql.FinishRun);
            cmd.Parameters.AddWithValue("run_id", runId);
            cmd.Parameters.AddWithValue("status", status);
            cmd.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Varchar) { Value = (object?)Truncate(error, 4000) ?? DBNull.Value });
            cmd.Parameters.Add(new NpgsqlParameter("failure_kind", NpgsqlDbType.Varchar) { Value = (object?)FailureKinds.Stored(kind) ?? DBNull.Value });
            cmd.Parameters.AddWithValue("finished_at", finishedAt.ToUniversalTime());
            await cmd.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>Stamps a running run: its process is alive.</summary>
    public async Task HeartbeatAsync(string runId, DateTimeOffset at, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(MetaSql.Heartbeat);
        cmd.Parameters.AddWithValue("run_id", runId);
        cmd.Parameters.AddWithValue("at", at.ToUniversalTime());
        cmd.Parameters.AddWithValue("running", RunStatus.Running);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Marks failed every run still <c>running</c> whose last heartbeat is older than <paramref name="cutoff"/>: its
    /// process died (killed, out of memory, the machine stopped) without recording an end. Returns how many.
    /// </summary>
    public async Task<int> FailAbandonedRunsAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var abandoned = new List<(string RunId, DateTimeOffset LastSeen)>();
        await using (var find = dataSource.CreateCommand(MetaSql.FindAbandonedRuns))
        {
            find.Parameters.AddWithValue("running", RunStatus.Running);
            find.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                abandoned.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
            }
        }

        foreach (var (runId, lastSeen) in abandoned)
        {
            // Guarded by status and stamp: a run that stamped or finished meanwhile is left alone.
            await using var fail = dataSource.CreateCommand(MetaSql.FailAbandonedRun);
            fail.Parameters.AddWithValue("failed", RunStatus.Failed);
            fail.Parameters.AddWithValue("abandoned", FailureKinds.Stored(FailureKind.Abandoned)!);
            fail.Parameters.AddWithValue("running", RunStatus.Running);
            fail.Parameters.AddWithValue("run_id", runId);
            fail.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
            fail.Parameters.AddWithValue("last_seen", lastSeen.ToUniversalTime());
            fail.Parameters.AddWithValue("error",
                $"abandoned: no heartbeat since {lastSeen.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; its process ended without finishing the run " +
                "(killed, out of memory or the machine stopped), and what it was writing was rolled back");
            await fail.ExecuteNonQueryAsync(ct);
        }

        return abandoned.Count;
    }

    public Task RecordMaterializationAsync(MaterializationRecord record, CancellationToken ct) =>
        RecordRetry.ExecuteAsync(dataSource, $"recording the materialization of {record.Asset} {record.Partition}", StatementTimeout, async token =>
        {
            await using var cmd = dataSource.CreateCommand(MetaSql.RecordMaterialization);
            cmd.Parameters.AddWithValue("run_id", NpgsqlDbType.Varchar, record.RunId);
            cmd.Parameters.AddWithValue("asset", NpgsqlDbType.Varchar, record.Asset.Name);
            cmd.Parameters.AddWithValue("partition_date", NpgsqlDbType.Date, record.Partition.Date);
            cmd.Parameters.AddWithValue("status", NpgsqlDbType.Varchar, record.Status);
            cmd.Parameters.AddWithValue("started_at", NpgsqlDbType.TimestampTz, record.StartedAt.ToUniversalTime());
            cmd.Parameters.AddWithValue("finished_at", NpgsqlDbType.TimestampTz, record.FinishedAt.ToUniversalTime());
            cmd.Parameters.Add(new NpgsqlParameter("data_version", NpgsqlDbType.Varchar) { Value = (object?)record.DataVersion ?? DBNull.Value });
            cmd.Parameters.Add(new NpgsqlParameter("input_versions", JsonType) { Value = JsonSerializer.Serialize(record.InputVersions, Json) });
            cmd.Parameters.AddWithValue("code_version", NpgsqlDbType.Varchar, record.CodeVersion);
            cmd.Parameters.Add(new NpgsqlParameter("metadata", JsonType) { Value = JsonSerializer.Serialize(record.Metadata, Json) });
            cmd.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Varchar) { Value = (object?)Truncate(record.Error, 4000) ?? DBNull.Value });
            await cmd.ExecuteNonQueryAsync(token);
        }, ct);

    public Task RecordCheckEvaluationAsync(CheckEvaluationRecord record, CancellationToken ct) =>
        RecordRetry.ExecuteAsync(dataSource, $"recording check {record.CheckName} on {record.Partition}", StatementTimeout, async token =>
        {
            await using var cmd = dataSource.CreateCommand(MetaSql.RecordCheckEvaluation);
            cmd.Parameters.AddWithValue("run_id", NpgsqlDbType.Varchar, record.RunId);
            cmd.Parameters.AddWithValue("check_name", NpgsqlDbType.Varchar, record.CheckName);
            cmd.Parameters.AddWithValue("asset", NpgsqlDbType.Varchar, record.Asset.Name);
            cmd.Parameters.AddWithValue("partition_date", NpgsqlDbType.Date, record.Partition.Date);
            cmd.Parameters.AddWithValue("severity", NpgsqlDbType.Varchar, record.Severity.Stored());
            cmd.Parameters.AddWithValue("passed", NpgsqlDbType.Boolean, record.Passed);
            cmd.Parameters.Add(new NpgsqlParameter("metadata", JsonType) { Value = JsonSerializer.Serialize(record.Metadata, Json) });
            cmd.Parameters.AddWithValue("evaluated_at", NpgsqlDbType.TimestampTz, record.EvaluatedAt.ToUniversalTime());
            await cmd.ExecuteNonQueryAsync(token);
        }, ct);

    /// <summary>
    /// Per (asset, partition) in the range: the newest materialization (rank 1) and the newest successful one
    /// (flagged), which may be the same row.
    /// </summary>
    public async Task<IReadOnlyList<LatestMaterialization>> LatestMaterializationsAsync(
        DailyPartition from, DailyPartition to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(MetaSql.LatestMaterializations);
        cmd.Parameters.AddWithValue("from", from.Date);
        cmd.Parameters.AddWithValue("to", to.Date);
        var list = new List<LatestMaterialization>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new LatestMaterialization(
                new AssetKey(reader.GetString(0)),
                new DailyPartition(reader.GetFieldValue<DateOnly>(1)),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(4), Json) ?? [],
                reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return list;
    }

    /// <summary>The latest evaluation of each check on each partition in the range.</summary>
    public async Task<IReadOnlyList<CheckEvaluationSummary>> LatestCheckEvaluationsAsync(DailyPartition from, DailyPartition to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(MetaSql.LatestCheckEvaluations);
        cmd.Parameters.AddWithValue("from", from.Date);
        cmd.Parameters.AddWithValue("to", to.Date);
        var list = new List<CheckEvaluationSummary>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new CheckEvaluationSummary(reader.GetString(0), new DailyPartition(reader.GetFieldValue<DateOnly>(1)),
                CheckSeverities.Parse(reader.GetString(2)), reader.GetBoolean(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return list;
    }

    /// <summary>When the newest successful materialization of an asset partition started (for raw data: when it was fetched).</summary>
    public async Task<DateTimeOffset?> LatestSuccessStartAsync(AssetKey asset, DailyPartition partition, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(MetaSql.LatestSuccessStart);
        cmd.Parameters.AddWithValue("asset", asset.Name);
        cmd.Parameters.AddWithValue("partition", partition.Date);
        cmd.Parameters.AddWithValue("succeeded", RunStatus.Succeeded);
        return await cmd.ExecuteScalarAsync(ct) is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    /// <summary>The runs, newest first: <paramref name="limit"/> of them after skipping <paramref name="offset"/>.</summary>
    public async Task<IReadOnlyList<RunRecord>> RecentRunsAsync(int limit, CancellationToken ct, int offset = 0)
    {
        await using var cmd = dataSource.CreateCommand(MetaSql.RecentRuns);
        cmd.Parameters.AddWithValue("limit", limit);
        cmd.Parameters.AddWithValue("offset", offset);
        var list = new List<RunRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(ReadRun(reader));
        }

        return list;
    }

    /// <summary>A run from a row of <c>run_id, job, selection, partitions, started_at, finished_at, status, error, trace_id</c>.</summary>
    public static RunRecord ReadRun(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8));

    private static string? Truncate(string? text, int maxBytes) => text is null ? null : Utf8Text.Truncate(text, maxBytes);
}
