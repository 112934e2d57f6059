using System.Text.Json;
using MarketAspire.AssetGraph.Configuration;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using Npgsql;
using NpgsqlTypes;

namespace MarketAspire.AssetGraph.Records;

/// <summary>Reads and writes the run, materialization and check records in schema <c>market_meta</c>.</summary>
public sealed class MetaStore(NpgsqlDataSource dataSource, WarehouseDialect dialect)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    // PostgreSQL stores metadata as jsonb; Redshift as VARCHAR text of the same JSON.
    private NpgsqlDbType JsonType => dialect == WarehouseDialect.Postgres ? NpgsqlDbType.Jsonb : NpgsqlDbType.Varchar;

    public async Task StartRunAsync(string runId, string job, string selection, string partitions, DateTimeOffset startedAt, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "INSERT INTO market_meta.runs (run_id, job, selection, partitions, started_at, status, heartbeat_at) VALUES (@run_id, @job, @selection, @partitions, @started_at, @status, @started_at)");
        cmd.Parameters.AddWithValue("run_id", runId);
        cmd.Parameters.AddWithValue("job", job);
        cmd.Parameters.AddWithValue("selection", selection);
        cmd.Parameters.AddWithValue("partitions", partitions);
        cmd.Parameters.AddWithValue("started_at", startedAt.ToUniversalTime());
        cmd.Parameters.AddWithValue("status", RunStatus.Running);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task FinishRunAsync(string runId, string status, string? error, DateTimeOffset finishedAt, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE market_meta.runs SET status = @status, error = @error, finished_at = @finished_at WHERE run_id = @run_id");
        cmd.Parameters.AddWithValue("run_id", runId);
        cmd.Parameters.AddWithValue("status", status);
        cmd.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Varchar) { Value = (object?)Truncate(error, 4000) ?? DBNull.Value });
        cmd.Parameters.AddWithValue("finished_at", finishedAt.ToUniversalTime());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Stamps a running run: its process is alive.</summary>
    public async Task HeartbeatAsync(string runId, DateTimeOffset at, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE market_meta.runs SET heartbeat_at = @at WHERE run_id = @run_id AND status = @running");
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
        await using (var find = dataSource.CreateCommand(
            "SELECT run_id, COALESCE(heartbeat_at, started_at) FROM market_meta.runs WHERE status = @running AND COALESCE(heartbeat_at, started_at) < @cutoff"))
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
            await using var fail = dataSource.CreateCommand(
                """
                UPDATE market_meta.runs SET status = @failed, finished_at = @last_seen, error = @error
                WHERE run_id = @run_id AND status = @running AND COALESCE(heartbeat_at, started_at) < @cutoff
                """);
            fail.Parameters.AddWithValue("failed", RunStatus.Failed);
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

    public async Task RecordMaterializationAsync(MaterializationRecord record, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO market_meta.materializations
                (run_id, asset, partition_date, status, started_at, finished_at, data_version, input_versions, code_version, metadata, error)
            VALUES (@run_id, @asset, @partition_date, @status, @started_at, @finished_at, @data_version, @input_versions, @code_version, @metadata, @error)
            """);
        cmd.Parameters.AddWithValue("run_id", record.RunId);
        cmd.Parameters.AddWithValue("asset", record.Asset.Name);
        cmd.Parameters.AddWithValue("partition_date", record.Partition.Date);
        cmd.Parameters.AddWithValue("status", record.Status);
        cmd.Parameters.AddWithValue("started_at", record.StartedAt.ToUniversalTime());
        cmd.Parameters.AddWithValue("finished_at", record.FinishedAt.ToUniversalTime());
        cmd.Parameters.Add(new NpgsqlParameter("data_version", NpgsqlDbType.Varchar) { Value = (object?)record.DataVersion ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("input_versions", JsonType) { Value = JsonSerializer.Serialize(record.InputVersions, Json) });
        cmd.Parameters.AddWithValue("code_version", record.CodeVersion);
        cmd.Parameters.Add(new NpgsqlParameter("metadata", JsonType) { Value = JsonSerializer.Serialize(record.Metadata, Json) });
        cmd.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Varchar) { Value = (object?)Truncate(record.Error, 4000) ?? DBNull.Value });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task RecordCheckEvaluationAsync(CheckEvaluationRecord record, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO market_meta.check_evaluations
                (run_id, check_name, asset, partition_date, severity, passed, metadata, evaluated_at)
            VALUES (@run_id, @check_name, @asset, @partition_date, @severity, @passed, @metadata, @evaluated_at)
            """);
        cmd.Parameters.AddWithValue("run_id", record.RunId);
        cmd.Parameters.AddWithValue("check_name", record.CheckName);
        cmd.Parameters.AddWithValue("asset", record.Asset.Name);
        cmd.Parameters.AddWithValue("partition_date", record.Partition.Date);
        cmd.Parameters.AddWithValue("severity", record.Severity.ToString().ToUpperInvariant());
        cmd.Parameters.AddWithValue("passed", record.Passed);
        cmd.Parameters.Add(new NpgsqlParameter("metadata", JsonType) { Value = JsonSerializer.Serialize(record.Metadata, Json) });
        cmd.Parameters.AddWithValue("evaluated_at", record.EvaluatedAt.ToUniversalTime());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Per (asset, partition) in the range: the newest materialization (rank 1) and the newest successful one
    /// (flagged), which may be the same row.
    /// </summary>
    public async Task<IReadOnlyList<LatestMaterialization>> LatestMaterializationsAsync(
        DailyPartition from, DailyPartition to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT asset, partition_date, status, data_version, input_versions, code_version, finished_at, error
            FROM (
                SELECT m.*,
                       ROW_NUMBER() OVER (PARTITION BY asset, partition_date ORDER BY finished_at DESC) AS rn,
                       ROW_NUMBER() OVER (PARTITION BY asset, partition_date, status ORDER BY finished_at DESC) AS rn_status
                FROM market_meta.materializations m
                WHERE partition_date BETWEEN @from AND @to
            ) latest
            WHERE rn = 1 OR (status = 'succeeded' AND rn_status = 1)
            ORDER BY finished_at
            """);
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
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT check_name, partition_date, severity, passed, evaluated_at
            FROM (
                SELECT c.*, ROW_NUMBER() OVER (PARTITION BY check_name, partition_date ORDER BY evaluated_at DESC) AS rn
                FROM market_meta.check_evaluations c
                WHERE partition_date BETWEEN @from AND @to
            ) latest
            WHERE rn = 1
            """);
        cmd.Parameters.AddWithValue("from", from.Date);
        cmd.Parameters.AddWithValue("to", to.Date);
        var list = new List<CheckEvaluationSummary>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new CheckEvaluationSummary(reader.GetString(0), new DailyPartition(reader.GetFieldValue<DateOnly>(1)),
                reader.GetString(2), reader.GetBoolean(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return list;
    }

    /// <summary>When the newest successful materialization of an asset partition started (for raw data: when it was fetched).</summary>
    public async Task<DateTimeOffset?> LatestSuccessStartAsync(AssetKey asset, DailyPartition partition, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT max(started_at) FROM market_meta.materializations WHERE asset = @asset AND partition_date = @partition AND status = @succeeded");
        cmd.Parameters.AddWithValue("asset", asset.Name);
        cmd.Parameters.AddWithValue("partition", partition.Date);
        cmd.Parameters.AddWithValue("succeeded", RunStatus.Succeeded);
        return await cmd.ExecuteScalarAsync(ct) is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    /// <summary>The error of the newest run of a job on a partition, if it failed.</summary>
    public async Task<string?> LatestRunErrorAsync(string job, string partitions, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT error FROM market_meta.runs WHERE job = @job AND partitions = @partitions ORDER BY started_at DESC LIMIT 1");
        cmd.Parameters.AddWithValue("job", job);
        cmd.Parameters.AddWithValue("partitions", partitions);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    public async Task<IReadOnlyList<RunRecord>> RecentRunsAsync(int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT run_id, job, selection, partitions, started_at, finished_at, status, error FROM market_meta.runs ORDER BY started_at DESC LIMIT @limit");
        cmd.Parameters.AddWithValue("limit", limit);
        var list = new List<RunRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new RunRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return list;
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}

public sealed record CheckEvaluationSummary(string CheckName, DailyPartition Partition, string Severity, bool Passed, DateTimeOffset EvaluatedAt);

public sealed record LatestMaterialization(
    AssetKey Asset,
    DailyPartition Partition,
    string Status,
    string? DataVersion,
    IReadOnlyDictionary<string, string> InputVersions,
    string CodeVersion,
    DateTimeOffset FinishedAt,
    string? Error);
