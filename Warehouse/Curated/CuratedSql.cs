namespace MarketAspire.Warehouse.Curated;

/// <summary>The statements of <c>curated_stock_prices</c> that both dialects share.</summary>
public static class CuratedSql
{
    /// <summary>The symbols whose series this partition may have changed: the ones it staged.</summary>
    public const string SymbolCount =
        "SELECT count(DISTINCT symbol) FROM market_data.stg_stock_prices WHERE partition_date = @partition";

    /// <summary>The current series of every symbol the partition staged, one symbol after the other.</summary>
    public const string Series =
        """
        SELECT symbol, price_date, "open", high, low, close, volume, provisional, partition_date
        FROM market_data.fct_stock_prices
        WHERE symbol IN (SELECT DISTINCT symbol FROM market_data.stg_stock_prices WHERE partition_date = @partition)
        ORDER BY symbol, price_date
        """;

    public const string RowsOfSymbols =
        """
        SELECT count(*) FROM market_data.fct_stock_prices
        WHERE symbol IN (SELECT DISTINCT symbol FROM market_data.stg_stock_prices WHERE partition_date = @partition)
        """;
}
