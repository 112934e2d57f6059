namespace MarketAspire.Warehouse.Sql;

/// <summary>The statements that are the same on Redshift and PostgreSQL. Parameters only; no input is ever spliced in.</summary>
public static class WarehouseSql
{
    public const string StagingTable = "market_data.stg_stock_prices";
    public const string FactTable = "market_data.fct_stock_prices";

    public const string StagingColumns =
        "partition_date, symbol, price_date, \"open\", high, low, close, volume, source_key, source_version, run_id, provisional";

    // Staging is cleared per partition with DELETE: on Redshift TRUNCATE would commit the open transaction.
    public const string DeleteStagingPartition =
        "DELETE FROM market_data.stg_stock_prices WHERE partition_date = @partition";

    public const string CountStagingPartition =
        "SELECT count(*) FROM market_data.stg_stock_prices WHERE partition_date = @partition";

    public const string RevisionTable = "market_data.fct_stock_price_revisions";

    /// <summary>The current version's columns, in the order of the fact table's INSERTs.</summary>
    public const string FactColumns =
        "symbol, price_date, \"open\", high, low, close, volume, partition_date, source_key, source_version, run_id, loaded_at, provisional";

    public const string RevisionColumns =
        "symbol, price_date, \"open\", high, low, close, volume, partition_date, superseded_by_partition, source_key, source_version, run_id, loaded_at, superseded_at, provisional";

    // A staged row counts for its key here only if the step that rebuilds histories did not take the key: that step is
    // the one statement that decides which keys a later landing date staged, so a landing date staged by another job
    // while this one runs cannot make two statements of this transaction disagree (each statement sees the latest
    // commits). Keys it took are already right; the rest are keys this landing date is the latest to stage.
    private const string NotRebuilt =
        """
        NOT EXISTS (SELECT 1 FROM fct_rebuild_keys k WHERE k.symbol = s.symbol AND k.price_date = s.price_date)
        """;

    // Redshift has no IS DISTINCT FROM: a value differs when both are set and unequal, or only one is NULL. A bar that
    // turns final with the same values is a change too: the provisional version stays in the history.
    internal const string ValuesDiffer =
        """
        (f."open" <> s."open" OR f.high <> s.high OR f.low <> s.low OR f.close <> s.close OR f.volume <> s.volume
               OR (f."open" IS NULL) <> (s."open" IS NULL) OR (f.high IS NULL) <> (s.high IS NULL)
               OR (f.low IS NULL) <> (s.low IS NULL) OR (f.close IS NULL) <> (s.close IS NULL)
               OR (f.volume IS NULL) <> (s.volume IS NULL) OR f.provisional <> s.provisional)
        """;

    private static readonly string[] ValueColumns = ["open", "high", "low", "close", "volume"];

    /// <summary><see cref="ValuesDiffer"/> between the columns of <paramref name="a"/> and <paramref name="b"/>, each named with a prefix.</summary>
    internal static string Differ(string a, string aPrefix, string b, string bPrefix)
    {
        string A(string column) => $"{a}.{Name(aPrefix, column)}";
        string B(string column) => $"{b}.{Name(bPrefix, column)}";
        var terms = ValueColumns.Select(c => $"{A(c)} <> {B(c)}")
            .Concat(ValueColumns.Select(c => $"({A(c)} IS NULL) <> ({B(c)} IS NULL)"))
            .Append($"{A("provisional")} <> {B("provisional")}");
        return $"({string.Join(" OR ", terms)})";
    }

    private static string Name(string prefix, string column) => prefix.Length == 0 && column == "open" ? "\"open\"" : prefix + column;

    /// <summary>
    /// Step zero, one join: how the partition's staged keys stand against the fact table. Its counts say which of the
    /// steps below can have work (any values differ; any version this partition made current is no longer staged by it;
    /// any staged key is missing), so a re-landing that changes nothing reads each table once and writes nothing.
    /// </summary>
    public const string CountStagedKeys =
        $"""
        SELECT st.staged, cur.current_from_partition, j.present, j.present_from_partition, j.differing
        FROM (SELECT count(*) AS staged FROM market_data.stg_stock_prices WHERE partition_date = @partition) st
        CROSS JOIN (SELECT count(*) AS current_from_partition FROM market_data.fct_stock_prices WHERE partition_date = @partition) cur
        CROSS JOIN (
            SELECT count(*) AS present,
                   COALESCE(SUM(CASE WHEN f.partition_date = @partition THEN 1 ELSE 0 END), 0) AS present_from_partition,
                   COALESCE(SUM(CASE WHEN {ValuesDiffer} THEN 1 ELSE 0 END), 0) AS differing
            FROM market_data.stg_stock_prices s
            JOIN market_data.fct_stock_prices f ON f.symbol = s.symbol AND f.price_date = s.price_date
            WHERE s.partition_date = @partition
        ) j
        """;

    // The fact step keeps the keys it changes in session temp tables (CREATE TABLE AS takes no bind parameters, hence
    // create, then insert). Both are small: a landing changes few past bars, and re-runs rarely stage fewer keys.
    public const string CreateChangedKeys = "CREATE TEMP TABLE fct_changed_keys (symbol VARCHAR(16) NOT NULL, price_date DATE NOT NULL)";

    public const string DropChangedKeys = "DROP TABLE fct_changed_keys";

    /// <summary>
    /// Step one: the keys whose current values this partition's staging changes (a restated bar, a re-landed object
    /// with other values). Rows it delivers unchanged are not touched: they keep their landing date, run and load time.
    /// </summary>
    public const string FindChangedKeys =
        $"""
        INSERT INTO fct_changed_keys (symbol, price_date)
        SELECT s.symbol, s.price_date
        FROM market_data.stg_stock_prices s
        JOIN market_data.fct_stock_prices f ON f.symbol = s.symbol AND f.price_date = s.price_date
        WHERE s.partition_date = @partition
          AND {ValuesDiffer}
          AND {NotRebuilt}
        """;

    /// <summary>
    /// Step two: each changed key's current version becomes a revision, current until this landing date (a re-run of
    /// the landing date that delivered it gives an empty range of landing dates: only its load times remain).
    /// </summary>
    public const string ArchiveChangedRows =
        $"""
        INSERT INTO market_data.fct_stock_price_revisions ({RevisionColumns})
        SELECT f.symbol, f.price_date, f."open", f.high, f.low, f.close, f.volume, f.partition_date,
               GREATEST(f.partition_date, @partition), f.source_key, f.source_version, f.run_id, f.loaded_at, @loaded_at, f.provisional
        FROM market_data.fct_stock_prices f
        JOIN fct_changed_keys k ON k.symbol = f.symbol AND k.price_date = f.price_date
        """;

    public const string DeleteChangedRows =
        """
        DELETE FROM market_data.fct_stock_prices
        USING fct_changed_keys k
        WHERE market_data.fct_stock_prices.symbol = k.symbol AND market_data.fct_stock_prices.price_date = k.price_date
        """;

    /// <summary>
    /// Step four: insert the partition's staging rows whose keys the fact table does not hold (new keys, and the ones
    /// step two removed) unless a later landing date staged them.
    /// </summary>
    public const string InsertFact =
        $"""
        INSERT INTO market_data.fct_stock_prices ({FactColumns})
        SELECT s.symbol, s.price_date, s."open", s.high, s.low, s.close, s.volume, s.partition_date, s.source_key, s.source_version, s.run_id, @loaded_at, s.provisional
        FROM market_data.stg_stock_prices s
        WHERE s.partition_date = @partition
          AND NOT EXISTS (
              SELECT 1 FROM market_data.fct_stock_prices f WHERE f.symbol = s.symbol AND f.price_date = s.price_date)
          AND {NotRebuilt}
        """;
}
