namespace MarketAspire.JobHosting.Records;

/// <summary>
/// The statements <see cref="MetaStore"/> sends, as constants: the same text on Redshift and PostgreSQL (values travel
/// as parameters), so the Redshift SQL checks can read every one of them.
/// </summary>
public static class MetaSql
{
    public const string StartRun =
        "INSERT INTO market_meta.runs (run_id, job, selection, partitions, started_at, status, heartbeat_at, trace_id) VALUES (@run_id, @job, @selection, @partitions, @started_at, @status, @started_at, @trace_id)";

    public const string FinishRun =
        "UPDATE market_meta.runs SET status = @status, error = @error, failure_kind = @failure_kind, finished_at = @finished_at WHERE run_id = @run_id";

    public const string Heartbeat =
        "UPDATE market_meta.runs SET heartbeat_at = @at WHERE run_id = @run_id AND status = @running";

    public const string FindAbandonedRuns =
        "SELECT run_id, COALESCE(heartbeat_at, started_at) FROM market_meta.runs WHERE status = @running AND COALESCE(heartbeat_at, started_at) < @cutoff";

    public const string FailAbandonedRun =
        """
        UPDATE market_meta.runs SET status = @failed, finished_at = @last_seen, error = @error, failure_kind = @abandoned
        WHERE run_id = @run_id AND status = @running AND COALESCE(heartbeat_at, started_at) < @cutoff
        """;

    /// <summary>Guarded by (run, asset, partition, status): a retry after a lost answer does not record it twice.</summary>
    public const string RecordMaterialization =
        """
        INSERT INTO market_meta.materializations
            (run_id, asset, partition_date, status, started_at, finished_at, data_version, input_versions, code_version, metadata, error)
        SELECT @run_id, @asset, @partition_date, @status, @started_at, @finished_at, @data_version, @input_versions, @code_version, @metadata, @error
        WHERE NOT EXISTS (
            SELECT 1 FROM market_meta.materializations
            WHERE run_id = @run_id AND asset = @asset AND partition_date = @partition_date AND status = @status)
        """;

    /// <summary>Guarded by (run, check, partition): a retry after a lost answer does not record it twice.</summary>
    public const string RecordCheckEvaluation =
        """
        INSERT INTO market_meta.check_evaluations
            (run_id, check_name, asset, partition_date, severity, passed, metadata, evaluated_at)
        SELECT @run_id, @check_name, @asset, @partition_date, @severity, @passed, @metadata, @evaluated_at
        WHERE NOT EXISTS (
            SELECT 1 FROM market_meta.check_evaluations
            WHERE run_id = @run_id AND check_name = @check_name AND partition_date = @partition_date)
        """;

    public const string LatestMaterializations =
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
        """;

    /// <summary>The grid reads the first five columns; the sensor's alerts also the asset and the metadata (summary, offending rows).</summary>
    public const string LatestCheckEvaluations =
        """
        SELECT check_name, partition_date, severity, passed, evaluated_at, asset, metadata
        FROM (
            SELECT c.*, ROW_NUMBER() OVER (PARTITION BY check_name, partition_date ORDER BY evaluated_at DESC) AS rn
            FROM market_meta.check_evaluations c
            WHERE partition_date BETWEEN @from AND @to
        ) latest
        WHERE rn = 1
        """;

    public const string LatestSuccessStart =
        "SELECT max(started_at) FROM market_meta.materializations WHERE asset = @asset AND partition_date = @partition AND status = @succeeded";

    public const string RecentRuns =
        "SELECT run_id, job, selection, partitions, started_at, finished_at, status, error, trace_id FROM market_meta.runs ORDER BY started_at DESC LIMIT @limit OFFSET @offset";
}
