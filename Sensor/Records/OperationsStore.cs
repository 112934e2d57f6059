using MarketAspire.AssetGraph.Freshness;
using MarketAspire.AssetGraph.Graph;
using MarketAspire.AssetGraph.Partitions;
using MarketAspire.AssetGraph.Records;
using MarketAspire.JobHosting.Configuration;
using MarketAspire.JobHosting.Records;
using MarketAspire.Sensor.Alerts;
using Npgsql;
using NpgsqlTypes;

namespace MarketAspire.Sensor.Records;

/// <summary>Reads what the sensor judges and writes its evaluations, the alerts' state and the dead letters, in <c>market_meta</c>.</summary>
public sealed class OperationsStore(NpgsqlDataSource dataSource, WarehouseDialect dialect)
{
    private const string Open = "open";
    private const string Cleared = "cleared";

    // PostgreSQL stores the dead letter's payload as jsonb; Redshift as VARCHAR text of the same JSON.
    private NpgsqlDbType JsonType => dialect == WarehouseDialect.Postgres ? NpgsqlDbType.Jsonb : NpgsqlDbType.Varchar;

    /// <summary>How long the sensor's evaluations are kept; older rows are deleted by each evaluation.</summary>
    public static readonly TimeSpan EvaluationRetention = TimeSpan.FromDays(30);

    // Rows per INSERT: 5 parameters each, well under Npgsql's 65,535 and Redshift's 16 MB statement.
    private const int EvaluationsPerStatement = 200;

    /// <summary>
    /// One multi-row INSERT per chunk (no NpgsqlBatch: Redshift does not take Npgsql's multi-statement batches), then
    /// the rows older than <see cref="EvaluationRetention"/> are deleted, so the table holds a bounded history.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The text is OperationsSql constants and numbered parameter names; values travel as parameters.")]
    public async Task RecordEvaluationsAsync(DateTimeOffset at, IReadOnlyList<FreshnessStatus> statuses, CancellationToken ct)
    {
        foreach (var chunk in statuses.Chunk(EvaluationsPerStatement))
        {
            await using var cmd = dataSource.CreateCommand();
            var rows = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var status = chunk[i];
                rows.Add($"(@evaluated_at, @asset{i}, @partition_date{i}, @freshness{i}, @overdue_since{i})");
                cmd.Parameters.AddWithValue($"asset{i}", NpgsqlDbType.Varchar, status.Asset.Name);
                cmd.Parameters.AddWithValue($"partition_date{i}", NpgsqlDbType.Date, status.Partition.Date);
                cmd.Parameters.AddWithValue($"freshness{i}", NpgsqlDbType.Varchar, status.Level.ToString().ToLowerInvariant());
                cmd.Parameters.Add(new NpgsqlParameter($"overdue_since{i}", NpgsqlDbType.TimestampTz) { Value = (object?)status.OverdueSince?.ToUniversalTime() ?? DBNull.Value });
            }

            cmd.Parameters.AddWithValue("evaluated_at", NpgsqlDbType.TimestampTz, at.ToUniversalTime());
            cmd.CommandText = OperationsSql.RecordEvaluations + string.Join(",\n", rows);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await using var prune = dataSource.CreateCommand(OperationsSql.PruneEvaluations);
        prune.Parameters.AddWithValue("before", NpgsqlDbType.TimestampTz, (at - EvaluationRetention).ToUniversalTime());
        await prune.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<CheckEvaluationDetail>> LatestCheckEvaluationsAsync(DailyPartition from, DailyPartition to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(MetaSql.LatestCheckEvaluations);
        cmd.Parameters.AddWithValue("from", from.Date);
        cmd.Parameters.AddWithValue("to", to.Date);
        var list = new List<CheckEvaluationDetail>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new CheckEvaluationDetail(reader.GetString(0), new AssetKey(reader.GetString(5)),
                new DailyPartition(reader.GetFieldValue<DateOnly>(1)), CheckSeverities.Parse(reader.GetString(2)),
                reader.GetBoolean(3), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return list;
    }

    public async Task<IReadOnlyList<RunOutcome>> LatestRunsAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(OperationsSql.LatestRuns);
        cmd.Parameters.AddWithValue("since", since.ToUniversalTime());
        cmd.Parameters.AddWithValue("running", RunStatus.Running);
        var list = new List<RunOutcome>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new RunOutcome(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return list;
    }

    public async Task<IReadOnlyDictionary<string, OpenAlert>> OpenAlertsAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(OperationsSql.OpenAlerts);
        cmd.Parameters.AddWithValue("open_state", Open);
        var open = new Dictionary<string, OpenAlert>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            open[reader.GetString(0)] = new OpenAlert(reader.GetString(0), AlertKeys.Parse(reader.GetString(1)),
                CheckSeverities.Parse(reader.GetString(2)), reader.GetString(3));
        }

        return open;
    }

    /// <summary>Stores the transitions in one transaction: an opened key replaces the key's earlier (cleared) row.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Only OperationsSql constants are passed; values travel as parameters.")]
    public async Task ApplyAsync(IReadOnlyList<AlertTransition> transitions, CancellationToken ct)
    {
        if (transitions.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var t in transitions)
        {
            var statements = t.Change switch
            {
                AlertChange.Opened => new[] { OperationsSql.DeleteAlert, OperationsSql.InsertAlert },
                AlertChange.Escalated => [OperationsSql.EscalateAlert],
                _ => [OperationsSql.ClearAlert],
            };
            foreach (var sql in statements)
            {
                await using var cmd = new NpgsqlCommand(sql, connection, tx);
                cmd.Parameters.AddWithValue("alert_key", NpgsqlDbType.Varchar, t.Alert.Key);
                cmd.Parameters.AddWithValue("kind", NpgsqlDbType.Varchar, AlertKeys.Name(t.Alert.Kind));
                cmd.Parameters.AddWithValue("severity", NpgsqlDbType.Varchar, t.Alert.Severity.Stored());
                cmd.Parameters.AddWithValue("summary", NpgsqlDbType.Varchar, Utf8Text.Truncate(t.Alert.Summary, 1024));
                cmd.Parameters.AddWithValue("open_state", NpgsqlDbType.Varchar, Open);
                cmd.Parameters.AddWithValue("cleared_state", NpgsqlDbType.Varchar, Cleared);
                cmd.Parameters.AddWithValue("at", NpgsqlDbType.TimestampTz, t.At.ToUniversalTime());
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }

        await tx.CommitAsync(ct);
    }

    public async Task RecordDeadLetterAsync(string destination, string payload, int attempts, string lastError, DateTimeOffset at, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(OperationsSql.RecordDeadLetter);
        cmd.Parameters.AddWithValue("destination", NpgsqlDbType.Varchar, destination);
        cmd.Parameters.Add(new NpgsqlParameter("payload", JsonType) { Value = payload });
        cmd.Parameters.AddWithValue("attempts", attempts);
        cmd.Parameters.AddWithValue("last_error", NpgsqlDbType.Varchar, Utf8Text.Truncate(lastError, 1024));
        cmd.Parameters.AddWithValue("failed_at", NpgsqlDbType.TimestampTz, at.ToUniversalTime());
        await cmd.ExecuteNonQueryAsync(ct);
    }

}
