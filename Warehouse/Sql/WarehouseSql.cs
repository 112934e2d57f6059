namespace MarketAspire.Warehouse.Sql;

/// <summary>The statements that are the same on Redshift and PostgreSQL. Parameters only; no input is ever spliced in.</summary>
public static class WarehouseSql
{
    public const string StagingTable = "market_data.stg_stock_prices";
    public const string FactTable = "market_data.fct_stock_prices";

    public const string StagingColumns =
        "partition_date, symbol, price_date, open, high, low, close, volume, source_key, source_version, run_id";

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

    /// <summary>Step two: insert the partition's staging rows whose keys no later landing date holds.</summary>
    public const string InsertFact =
        """
        INSERT INTO market_data.fct_stock_prices
            (symbol, price_date, open, high, low, close, volume, partition_date, source_key, source_version, run_id, loaded_at)
        SELECT s.symbol, s.price_date, s.open, s.high, s.low, s.close, s.volume, s.partition_date, s.source_key, s.source_version, s.run_id, @loaded_at
        FROM market_data.stg_stock_prices s
        WHERE s.partition_date = @partition
          AND NOT EXISTS (
              SELECT 1 FROM market_data.fct_stock_prices f
              WHERE f.symbol = s.symbol AND f.price_date = s.price_date)
        """;
}
