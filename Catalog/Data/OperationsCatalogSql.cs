namespace MarketAspire.Catalog.Data;

/// <summary>The catalog's reads of the freshness sensor's records (market_meta.sensor_evaluations and alerts).</summary>
public static class OperationsCatalogSql
{
    /// <summary>The verdicts of the sensor's latest evaluation, one per asset and partition it judged.</summary>
    public const string LatestEvaluation =
        """
        SELECT evaluated_at, asset, partition_date, freshness, overdue_since
        FROM market_meta.sensor_evaluations
        WHERE evaluated_at = (SELECT MAX(evaluated_at) FROM market_meta.sensor_evaluations)
        ORDER BY asset, partition_date
        """;

    /// <summary>The alerts open now, newest first, at most @limit.</summary>
    public const string OpenAlerts =
        """
        SELECT alert_key, kind, severity, summary, opened_at
        FROM market_meta.alerts
        WHERE alert_state = 'open'
        ORDER BY opened_at DESC, alert_key
        LIMIT @limit
        """;
}
