namespace MarketAspire.Warehouse.Sql;

/// <summary>
/// The fact step's general path: the keys whose history a landing date cannot just extend (a later landing date staged
/// them, it re-delivers a key it first delivered with other values, or it no longer stages a key whose version starts
/// with it) get their landing-date history rebuilt from staging, which holds every landing date's rows since staging's
/// retention line (older ones live on as the runs they made: see <see cref="StagingRetentionSql"/>). A key's versions
/// are the runs of equal values over the landing dates that staged it, in landing-date order: each starts at the first
/// landing date of its run (partition_date) and ends at the next run's (superseded_by_partition). So the history is the
/// same whatever order the landing dates load in.
/// The load-time axis is kept as it happened: the row in <c>fct_stock_prices</c> is replaced only when the current
/// version changes (the old row's superseded_at and the new row's loaded_at are this load's time), a version that
/// never was current gets an empty range of load times, and a version no run holds any more gets an empty range of
/// landing dates; no row's load times are ever rewritten.
/// </summary>
public static class VersionRebuildSql
{
    public const string CreateRebuildKeys = "CREATE TEMP TABLE fct_rebuild_keys (symbol VARCHAR(16) NOT NULL, price_date DATE NOT NULL)";

    public const string DropRebuildKeys = "DROP TABLE fct_rebuild_keys";

    /// <summary>Whether any later landing date is staged at all: when none is, the keys staged later need no search.</summary>
    public const string AnyLaterLanding =
        "SELECT partition_date FROM market_data.stg_stock_prices WHERE partition_date > @partition LIMIT 1";

    /// <summary>Whether any current version starts after this landing date: only then can one be current from a later landing that no longer stages it.</summary>
    public const string AnyLaterVersion =
        "SELECT partition_date FROM market_data.fct_stock_prices WHERE partition_date > @partition LIMIT 1";

    // Each search after the first adds only keys not found yet, so a key is in the table once.

    /// <summary>
    /// The keys this landing date stages that a later one stages too. This is the one statement that decides which keys
    /// a later landing date staged: the common path skips exactly these.
    /// </summary>
    public const string FindKeysStagedLater =
        """
        INSERT INTO fct_rebuild_keys (symbol, price_date)
        SELECT s.symbol, s.price_date
        FROM market_data.stg_stock_prices s
        WHERE s.partition_date = @partition
          AND EXISTS (
              SELECT 1 FROM market_data.stg_stock_prices n
              WHERE n.partition_date > @partition AND n.symbol = s.symbol AND n.price_date = s.price_date)
        """;

    /// <summary>Keys this landing date first delivered and now re-delivers with other values (a re-run).</summary>
    public const string FindKeysRedelivered =
        $"""
        INSERT INTO fct_rebuild_keys (symbol, price_date)
        SELECT s.symbol, s.price_date
        FROM market_data.stg_stock_prices s
        JOIN market_data.fct_stock_prices f ON f.symbol = s.symbol AND f.price_date = s.price_date
        WHERE s.partition_date = @partition AND f.partition_date = @partition
          AND {WarehouseSql.ValuesDiffer}
          AND NOT EXISTS (SELECT 1 FROM fct_rebuild_keys r WHERE r.symbol = s.symbol AND r.price_date = s.price_date)
        """;

    /// <summary>
    /// Keys this landing date stages whose current version starts at a later landing date that no longer stages them (its
    /// re-run was staged, not yet applied): the earlier versions' ranges must end at this landing date, not there.
    /// </summary>
    public const string FindKeysCurrentFromLater =
        """
        INSERT INTO fct_rebuild_keys (symbol, price_date)
        SELECT s.symbol, s.price_date
        FROM market_data.stg_stock_prices s
        JOIN market_data.fct_stock_prices f ON f.symbol = s.symbol AND f.price_date = s.price_date
        WHERE s.partition_date = @partition AND f.partition_date > @partition
          AND NOT EXISTS (SELECT 1 FROM fct_rebuild_keys r WHERE r.symbol = s.symbol AND r.price_date = s.price_date)
        """;

    /// <summary>Keys whose current version starts at this landing date, which no longer stages them.</summary>
    public const string FindCurrentNoLongerStaged =
        """
        INSERT INTO fct_rebuild_keys (symbol, price_date)
        SELECT f.symbol, f.price_date
        FROM market_data.fct_stock_prices f
        WHERE f.partition_date = @partition
          AND NOT EXISTS (
              SELECT 1 FROM market_data.stg_stock_prices s
              WHERE s.partition_date = @partition AND s.symbol = f.symbol AND s.price_date = f.price_date)
          AND NOT EXISTS (SELECT 1 FROM fct_rebuild_keys r WHERE r.symbol = f.symbol AND r.price_date = f.price_date)
        """;

    /// <summary>Keys with an earlier version whose run starts at this landing date (loaded out of order, or since revised).</summary>
    public const string FindRevisionsStartingHere =
        """
        INSERT INTO fct_rebuild_keys (symbol, price_date)
        SELECT DISTINCT v.symbol, v.price_date
        FROM market_data.fct_stock_price_revisions v
        WHERE v.partition_date = @partition AND v.superseded_by_partition > v.partition_date
          AND NOT EXISTS (SELECT 1 FROM fct_rebuild_keys r WHERE r.symbol = v.symbol AND r.price_date = v.price_date)
        """;

    public const string CreateDesiredVersions =
        """
        CREATE TEMP TABLE fct_desired_versions (
            symbol VARCHAR(16) NOT NULL, price_date DATE NOT NULL,
            "open" NUMERIC(18,4), high NUMERIC(18,4), low NUMERIC(18,4), close NUMERIC(18,4), volume BIGINT, provisional BOOLEAN NOT NULL,
            partition_date DATE NOT NULL, superseded_by_partition DATE,
            source_key VARCHAR(512) NOT NULL, source_version VARCHAR(64) NOT NULL, run_id VARCHAR(64) NOT NULL)
        """;

    public const string DropDesiredVersions = "DROP TABLE fct_desired_versions";

    // What the landing dates before staging's retention line staged lives on as the runs they made: each live version
    // that starts before the line stands for its run's landing dates (it starts at the run's first one, with that one's
    // lineage; consecutive runs differ, so the window below keeps each as it is). A version whose range of landing dates
    // is empty is held by no run.
    private const string FrozenRuns =
        """
        SELECT f.symbol, f.price_date, f."open", f.high, f.low, f.close, f.volume, f.provisional, f.partition_date,
               f.source_key, f.source_version, f.run_id
        FROM market_data.fct_stock_prices f
        JOIN fct_rebuild_keys k ON k.symbol = f.symbol AND k.price_date = f.price_date
        WHERE f.partition_date < (SELECT frozen_before FROM market_data.stg_retention)
        UNION ALL
        SELECT r.symbol, r.price_date, r."open", r.high, r.low, r.close, r.volume, r.provisional, r.partition_date,
               r.source_key, r.source_version, r.run_id
        FROM market_data.fct_stock_price_revisions r
        JOIN fct_rebuild_keys k ON k.symbol = r.symbol AND k.price_date = r.price_date
        WHERE r.partition_date < (SELECT frozen_before FROM market_data.stg_retention) AND r.partition_date < r.superseded_by_partition
        """;

    /// <summary>
    /// The keys' versions as staging defines them (with the frozen landing dates' runs): one per run of equal values,
    /// read in one statement.
    /// </summary>
    public static readonly string FindDesiredVersions =
        $"""
        INSERT INTO fct_desired_versions
        SELECT symbol, price_date, "open", high, low, close, volume, provisional, partition_date,
               LEAD(partition_date) OVER (PARTITION BY symbol, price_date ORDER BY partition_date),
               source_key, source_version, run_id
        FROM (
            SELECT s.symbol, s.price_date, s."open", s.high, s.low, s.close, s.volume, s.provisional, s.partition_date,
                   s.source_key, s.source_version, s.run_id,
                   LAG(s.partition_date) OVER (PARTITION BY s.symbol, s.price_date ORDER BY s.partition_date) AS prev_partition,
                   LAG(s."open") OVER (PARTITION BY s.symbol, s.price_date ORDER BY s.partition_date) AS p_open,
                   LAG(s.high) OVER (PARTITION BY s.symbol, s.price_date ORDER BY s.partition_date) AS p_high,
                   LAG(s.low) OVER (PARTITION BY s.symbol, s.price_date ORDER BY s.partition_date) AS p_low,
                   LAG(s.close) OVER (PARTITION BY s.symbol, s.price_date ORDER BY s.partition_date) AS p_close,
                   LAG(s.volume) OVER (PARTITION BY s.symbol, s.price_date ORDER BY s.partition_date) AS p_volume,
                   LAG(s.provisional) OVER (PARTITION BY s.symbol, s.price_date ORDER BY s.partition_date) AS p_provisional
            FROM (
                SELECT s.symbol, s.price_date, s."open", s.high, s.low, s.close, s.volume, s.provisional, s.partition_date,
                       s.source_key, s.source_version, s.run_id
                FROM market_data.stg_stock_prices s
                JOIN fct_rebuild_keys k ON k.symbol = s.symbol AND k.price_date = s.price_date
                WHERE s.partition_date >= (SELECT frozen_before FROM market_data.stg_retention)
                UNION ALL
                {FrozenRuns}
            ) s
        ) staged
        WHERE prev_partition IS NULL OR {WarehouseSql.Differ("staged", "p_", "staged", "")}
        """;


    private static readonly string MatchesFact = Matches("f");

    private static readonly string MatchesRevision = Matches("r");

    // Redshift's UPDATE takes no alias for its target (its documentation says so in one place and allows one in
    // another): the updates name the table in full.
    private const string Revisions = "market_data.fct_stock_price_revisions";

    private static readonly string MatchesUpdatedRevision = Matches(Revisions);

    private static string Matches(string r) =>
        $"d.symbol = {r}.symbol AND d.price_date = {r}.price_date AND d.partition_date = {r}.partition_date AND NOT {WarehouseSql.Differ("d", "", r, "")}";

    /// <summary>A live revision that is still a run takes the run's end (a landing date loaded between may have moved it).</summary>
    public static readonly string MoveRevisionEnds =
        $"""
        UPDATE {Revisions}
        SET superseded_by_partition = d.superseded_by_partition
        FROM fct_desired_versions d
        WHERE {MatchesUpdatedRevision}
          AND d.superseded_by_partition IS NOT NULL
          AND {Revisions}.partition_date < {Revisions}.superseded_by_partition
          AND {Revisions}.superseded_by_partition <> d.superseded_by_partition
        """;

    /// <summary>
    /// A live revision that no run holds any more keeps its load times and gets an empty range of landing dates; so does
    /// one that is the current run again, for which the next statements write a new current row with this load's time.
    /// </summary>
    public static readonly string EndRevisionsNoRunHolds =
        $"""
        UPDATE {Revisions}
        SET superseded_by_partition = {Revisions}.partition_date
        FROM fct_rebuild_keys k
        WHERE {Revisions}.symbol = k.symbol AND {Revisions}.price_date = k.price_date
          AND {Revisions}.partition_date < {Revisions}.superseded_by_partition
          AND NOT EXISTS (
              SELECT 1 FROM fct_desired_versions d
              WHERE d.superseded_by_partition IS NOT NULL AND {MatchesUpdatedRevision})
        """;

    private static readonly string NotTheCurrentVersion =
        $"NOT EXISTS (SELECT 1 FROM fct_desired_versions d WHERE d.superseded_by_partition IS NULL AND {MatchesFact})";

    /// <summary>A current row that is no longer the current version becomes a revision: still a run, or an empty range.</summary>
    public static readonly string ArchiveReplacedCurrentRows =
        $"""
        INSERT INTO market_data.fct_stock_price_revisions ({WarehouseSql.RevisionColumns})
        SELECT f.symbol, f.price_date, f."open", f.high, f.low, f.close, f.volume, f.partition_date,
               COALESCE(d.superseded_by_partition, f.partition_date), f.source_key, f.source_version, f.run_id, f.loaded_at, @loaded_at, f.provisional
        FROM market_data.fct_stock_prices f
        JOIN fct_rebuild_keys k ON k.symbol = f.symbol AND k.price_date = f.price_date
        LEFT JOIN fct_desired_versions d ON d.superseded_by_partition IS NOT NULL AND {MatchesFact}
        WHERE {NotTheCurrentVersion}
        """;

    public static readonly string DeleteReplacedCurrentRows =
        $"""
        DELETE FROM market_data.fct_stock_prices
        USING fct_rebuild_keys k
        WHERE market_data.fct_stock_prices.symbol = k.symbol AND market_data.fct_stock_prices.price_date = k.price_date
          AND NOT EXISTS (
              SELECT 1 FROM fct_desired_versions d
              WHERE d.superseded_by_partition IS NULL
                AND d.symbol = market_data.fct_stock_prices.symbol AND d.price_date = market_data.fct_stock_prices.price_date
                AND d.partition_date = market_data.fct_stock_prices.partition_date
                AND NOT {WarehouseSql.Differ("d", "", "market_data.fct_stock_prices", "")})
        """;

    public const string InsertCurrentVersions =
        $"""
        INSERT INTO market_data.fct_stock_prices ({WarehouseSql.FactColumns})
        SELECT d.symbol, d.price_date, d."open", d.high, d.low, d.close, d.volume, d.partition_date, d.source_key, d.source_version, d.run_id, @loaded_at, d.provisional
        FROM fct_desired_versions d
        WHERE d.superseded_by_partition IS NULL
          AND NOT EXISTS (SELECT 1 FROM market_data.fct_stock_prices f WHERE f.symbol = d.symbol AND f.price_date = d.price_date)
        """;

    /// <summary>A run no row holds (a landing date loaded after a later one): it never was current, so its load times are an empty range.</summary>
    public static readonly string InsertMissingRuns =
        $"""
        INSERT INTO market_data.fct_stock_price_revisions ({WarehouseSql.RevisionColumns})
        SELECT d.symbol, d.price_date, d."open", d.high, d.low, d.close, d.volume, d.partition_date, d.superseded_by_partition,
               d.source_key, d.source_version, d.run_id, @loaded_at, @loaded_at, d.provisional
        FROM fct_desired_versions d
        WHERE d.superseded_by_partition IS NOT NULL
          AND NOT EXISTS (
              SELECT 1 FROM market_data.fct_stock_price_revisions r
              WHERE r.superseded_by_partition = d.superseded_by_partition AND {MatchesRevision})
        """;
}
