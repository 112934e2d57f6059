namespace MarketAspire.Catalog.Data;

/// <summary>
/// What the catalog reads beyond the status grid and the runs (<c>MetaStore</c>'s own queries): every value a
/// parameter, every list bounded.
/// </summary>
public static class CatalogSql
{
    private const string MaterializationColumns = "run_id, partition_date, status, started_at, finished_at, data_version, code_version, metadata, error";

    private const string EvaluationColumns = "run_id, partition_date, asset, severity, passed, metadata, evaluated_at";

    public const string Materializations =
        $"""
        SELECT {MaterializationColumns}
        FROM market_meta.materializations
        WHERE asset = @asset AND (@partition::date IS NULL OR partition_date = @partition)
        ORDER BY finished_at DESC
        LIMIT @limit
        """;

    public const string Evaluations =
        $"""
        SELECT {EvaluationColumns}
        FROM market_meta.check_evaluations
        WHERE check_name = @check AND (@partition::date IS NULL OR partition_date = @partition)
        ORDER BY evaluated_at DESC
        LIMIT @limit
        """;

    /// <summary>Each asset's newest materialization (of one partition, or of any when it is null), the asset first.</summary>
    public const string LatestMaterializations =
        $"""
        SELECT asset, {MaterializationColumns}
        FROM (
            SELECT m.*, ROW_NUMBER() OVER (PARTITION BY asset ORDER BY finished_at DESC) AS rn
            FROM market_meta.materializations m
            WHERE @partition::date IS NULL OR partition_date = @partition
        ) latest
        WHERE rn = 1
        """;

    /// <summary>Each check's newest evaluation (on one partition, or on any when it is null), the check first.</summary>
    public const string LatestEvaluations =
        $"""
        SELECT check_name, {EvaluationColumns}
        FROM (
            SELECT c.*, ROW_NUMBER() OVER (PARTITION BY check_name ORDER BY evaluated_at DESC) AS rn
            FROM market_meta.check_evaluations c
            WHERE @partition::date IS NULL OR partition_date = @partition
        ) latest
        WHERE rn = 1
        """;

    public const string RunningRuns =
        "SELECT run_id, job, selection, partitions, started_at, finished_at, status, error, trace_id FROM market_meta.runs WHERE status = 'running'";

    /// <summary>Redshift: a scan of one column in sort-key order.</summary>
    public const string Symbols = "SELECT DISTINCT symbol FROM market_data.fct_stock_prices ORDER BY symbol";

    /// <summary>PostgreSQL: one primary-key probe per symbol instead of reading every bar (a skip scan).</summary>
    public const string SymbolsByProbes =
        """
        WITH RECURSIVE symbols (symbol) AS (
            SELECT MIN(symbol) FROM market_data.fct_stock_prices
            UNION ALL
            SELECT (SELECT MIN(f.symbol) FROM market_data.fct_stock_prices f WHERE f.symbol > s.symbol)
            FROM symbols s WHERE s.symbol IS NOT NULL
        )
        SELECT symbol FROM symbols WHERE symbol IS NOT NULL ORDER BY symbol
        """;

    public const string Prices =
        """
        SELECT price_date, close, close_split_adjusted, close_total_return, provisional
        FROM market_data.stock_prices_adjusted
        WHERE symbol = @symbol AND price_date >= @from
        ORDER BY price_date
        """;

    public const string FailedChecksOf =
        """
        SELECT partition_date, check_name, severity, metadata
        FROM (
            SELECT c.*, ROW_NUMBER() OVER (PARTITION BY check_name, partition_date ORDER BY evaluated_at DESC) AS rn
            FROM market_meta.check_evaluations c
            WHERE partition_date >= @from
        ) latest
        WHERE rn = 1 AND NOT passed
        ORDER BY partition_date
        """;

    public const string LatestPartition = "SELECT max(partition_date) FROM market_meta.materializations";
}
