namespace MarketAspire.Warehouse.Sql;

/// <summary>The statements that are the same on Redshift and PostgreSQL. Parameters only; no input is ever spliced in.</summary>
public static class WarehouseSql
{
    public const string StagingTable = "market_data.stg_stock_prices";
    public const string FactTable = "market_data.fct_stock_prices";

    public const string StagingColumns =
        "partition_date, symbol, price_date, \"open\", high, low, close, volume, source_key, source_version, run_id";

    // Staging is cleared per partition with DELETE: on Redshift TRUNCATE would commit the open transaction.
    public const string DeleteStagingPartition =
        "DELETE FROM market_data.stg_stock_prices WHERE partition_date = @partition";

    public const string CountStagingPartition =
        "SELECT count(*) FROM market_data.stg_stock_prices WHERE partition_date = @partition";

    /// <summary>
    /// The seed's DELETE-INSERT, step one: remove the fact rows whose keys this partition's staging holds, unless a
    /// later landing date wrote them (the latest landing date wins, so partitions may load in any order).
    /// </summary>
    public const string DeleteFactKeys =
        """
        DELETE FROM market_data.fct_stock_prices
        USING market_data.stg_stock_prices s
        WHERE s.partition_date = @partition
          AND market_data.fct_stock_prices.symbol = s.symbol
          AND market_data.fct_stock_prices.price_date = s.price_date
          AND market_data.fct_stock_prices.partition_date <= @partition
        """;

    // Step one, part two (after DeleteFactKeys): the rows an earlier load of this partition wrote whose keys it no
    // longer stages (a symbol removed from the list, an object now rejected) go, and each such key falls back to the
    // latest earlier landing date whose staging still holds it, so "the latest landing date that staged a row wins"
    // stays true after a re-run. DeleteFactKeys has already removed this partition's rows for every key it stages, so
    // the partition's remaining rows are exactly the stale ones. A session temp table holds their keys for the restore
    // (CREATE TABLE AS takes no bind parameters, hence create, then insert).
    public const string CreateStaleKeys = "CREATE TEMP TABLE fct_stale_keys (symbol VARCHAR(16) NOT NULL, price_date DATE NOT NULL)";

    public const string FindStaleKeys =
        """
        INSERT INTO fct_stale_keys (symbol, price_date)
        SELECT symbol, price_date FROM market_data.fct_stock_prices WHERE partition_date = @partition
        """;

    public const string DeleteStaleRows = "DELETE FROM market_data.fct_stock_prices WHERE partition_date = @partition";

    public const string RestoreStaleKeysFromEarlierLandings =
        """
        INSERT INTO market_data.fct_stock_prices
            (symbol, price_date, "open", high, low, close, volume, partition_date, source_key, source_version, run_id, loaded_at)
        SELECT symbol, price_date, "open", high, low, close, volume, partition_date, source_key, source_version, run_id, @loaded_at
        FROM (
            SELECT s.symbol, s.price_date, s."open", s.high, s.low, s.close, s.volume, s.partition_date, s.source_key, s.source_version, s.run_id,
                   ROW_NUMBER() OVER (PARTITION BY s.symbol, s.price_date ORDER BY s.partition_date DESC) AS newest
            FROM market_data.stg_stock_prices s
            JOIN fct_stale_keys k ON k.symbol = s.symbol AND k.price_date = s.price_date
            WHERE s.partition_date < @partition
        ) earlier
        WHERE newest = 1
        """;

    public const string DropStaleKeys = "DROP TABLE fct_stale_keys";

    /// <summary>
    /// Step two: insert the partition's staging rows whose keys no later landing date holds. After step one the fact
    /// table holds a key this partition stages only from a later landing date, so the anti-join looks at those rows
    /// alone: usually none, which lets the planner hash them instead of sorting the whole partition.
    /// </summary>
    public const string InsertFact =
        """
        INSERT INTO market_data.fct_stock_prices
            (symbol, price_date, "open", high, low, close, volume, partition_date, source_key, source_version, run_id, loaded_at)
        SELECT s.symbol, s.price_date, s."open", s.high, s.low, s.close, s.volume, s.partition_date, s.source_key, s.source_version, s.run_id, @loaded_at
        FROM market_data.stg_stock_prices s
        WHERE s.partition_date = @partition
          AND NOT EXISTS (
              SELECT 1 FROM market_data.fct_stock_prices f
              WHERE f.partition_date > @partition AND f.symbol = s.symbol AND f.price_date = s.price_date)
        """;
}
