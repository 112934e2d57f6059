namespace MarketAspire.Sensor.Records;

/// <summary>The sensor's statements: the same text on Redshift and PostgreSQL (values travel as parameters).</summary>
public static class OperationsSql
{
    /// <summary>Followed by the rows' VALUES tuples, one statement for many rows.</summary>
    public const string RecordEvaluations =
        "INSERT INTO market_meta.sensor_evaluations (evaluated_at, asset, partition_date, freshness, overdue_since) VALUES\n";

    public const string PruneEvaluations = "DELETE FROM market_meta.sensor_evaluations WHERE evaluated_at < @before";

    /// <summary>Each job's newest finished run among those started since a time.</summary>
    public const string LatestRuns =
        """
        SELECT job, run_id, status, error, failure_kind, started_at
        FROM (
            SELECT r.*, ROW_NUMBER() OVER (PARTITION BY job ORDER BY started_at DESC) AS rn
            FROM market_meta.runs r
            WHERE started_at >= @since AND status <> @running
        ) latest
        WHERE rn = 1
        """;

    public const string OpenAlerts =
        "SELECT alert_key, kind, severity, summary FROM market_meta.alerts WHERE alert_state = @open_state";

    public const string DeleteAlert = "DELETE FROM market_meta.alerts WHERE alert_key = @alert_key";

    public const string InsertAlert =
        """
        INSERT INTO market_meta.alerts (alert_key, kind, severity, summary, alert_state, opened_at, cleared_at)
        VALUES (@alert_key, @kind, @severity, @summary, @open_state, @at, NULL)
        """;

    public const string EscalateAlert =
        "UPDATE market_meta.alerts SET severity = @severity, summary = @summary WHERE alert_key = @alert_key";

    public const string ClearAlert =
        "UPDATE market_meta.alerts SET alert_state = @cleared_state, cleared_at = @at WHERE alert_key = @alert_key";

    public const string RecordDeadLetter =
        """
        INSERT INTO market_meta.alert_dead_letters (destination, payload, attempts, last_error, failed_at)
        VALUES (@destination, @payload, @attempts, @last_error, @failed_at)
        """;
}
