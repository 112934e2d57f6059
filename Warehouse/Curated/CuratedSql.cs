namespace MarketAspire.Warehouse.Curated;

/// <summary>The statements of <c>curated_stock_prices</c> that both dialects share.</summary>
public static class CuratedSql
{
    /// <summary>The symbols whose series this partition may have changed: the ones it staged.</summary>
    public const string SymbolCount =
        "SELECT count(DISTINCT symbol) FROM market_data.stg_stock_prices WHERE partition_date = @partition";

    /// <summary>
    /// The columns of the curated files, from the adjusted view with the types UNLOAD writes for them: raw OHLCV as
    /// traded, the split-adjusted OHLCV and the total-return close (see stock_prices_adjusted).
    /// </summary>
    public const string Columns =
        "symbol, price_date, \"open\", high, low, close, volume, provisional, " +
        "CAST(split_factor AS NUMERIC(24,12)) AS split_factor, CAST(open_split_adjusted AS NUMERIC(18,4)) AS open_split_adjusted, " +
        "CAST(high_split_adjusted AS NUMERIC(18,4)) AS high_split_adjusted, CAST(low_split_adjusted AS NUMERIC(18,4)) AS low_split_adjusted, " +
        "CAST(close_split_adjusted AS NUMERIC(18,4)) AS close_split_adjusted, volume_split_adjusted, " +
        "CAST(dividend_factor AS NUMERIC(24,12)) AS dividend_factor, CAST(close_total_return AS NUMERIC(18,4)) AS close_total_return";

    /// <summary>The current series of every symbol the partition staged, one symbol after the other.</summary>
    public const string Series =
        $"""
        SELECT {Columns}
        FROM market_data.stock_prices_adjusted
        WHERE symbol IN (SELECT DISTINCT symbol FROM market_data.stg_stock_prices WHERE partition_date = @partition)
        ORDER BY symbol, price_date
        """;

    public const string RowsOfSymbols =
        """
        SELECT count(*) FROM market_data.fct_stock_prices
        WHERE symbol IN (SELECT DISTINCT symbol FROM market_data.stg_stock_prices WHERE partition_date = @partition)
        """;
}
