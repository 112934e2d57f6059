namespace MarketAspire.Quality.Checks;

/// <summary>
/// "The partition's rows": the fact rows whose keys the partition's load staged. A later landing date may own a row
/// now (the latest landing date wins), and it still counts for every partition that staged it.
/// </summary>
internal static class PartitionRows
{
    public const string From =
        """
        market_data.fct_stock_prices f
        JOIN market_data.stg_stock_prices s
          ON s.partition_date = @partition AND s.symbol = f.symbol AND s.price_date = f.price_date
        """;
}
