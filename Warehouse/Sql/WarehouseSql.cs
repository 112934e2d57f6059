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

    /// <summary>The seed's DELETE-INSERT, step one: remove the fact rows whose keys this partition's staging holds.</summary>
    public const string DeleteFactKeys =
        """
        DELETE FROM market_data.fct_stock_prices
        USING market_data.stg_stock_prices s
        WHERE s.partition_date = @partition
          AND market_data.fct_stock_prices.symbol = s.symbol
          AND market_data.fct_stock_prices.price_date = s.price_date
        """;

    /// <summary>Step two: insert the partition's staging rows.</summary>
    public const string InsertFact =
        """
        INSERT INTO market_data.fct_stock_prices
            (symbol, price_date, open, high, low, close, volume, partition_date, source_key, source_version, run_id, loaded_at)
        SELECT symbol, price_date, open, high, low, close, volume, partition_date, source_key, source_version, run_id, @loaded_at
        FROM market_data.stg_stock_prices
        WHERE partition_date = @partition
        """;
}
