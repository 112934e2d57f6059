namespace MarketAspire.Warehouse.Sql;

/// <summary>
/// A symbol's adjusted series as the warehouse knew it at a landing date: the price versions, splits and dividends
/// current as of <c>@as_of</c>, adjusted exactly as <c>market_data.stock_prices_adjusted</c> adjusts the current ones.
/// One statement for both dialects (Redshift has no table functions, so this is the query to send, with
/// <c>@symbol</c> and <c>@as_of</c> as parameters).
/// </summary>
public static class AdjustedAsOfSql
{
    public const string Series =
        """
        WITH prices AS (
            SELECT symbol, price_date, "open", high, low, close, volume, provisional
            FROM market_data.stock_price_versions
            WHERE symbol = @symbol AND partition_date <= @as_of AND (superseded_by_partition IS NULL OR superseded_by_partition > @as_of)
        ),
        split_ranges AS (
            SELECT symbol,
                   LAG(effective_date) OVER (PARTITION BY symbol ORDER BY effective_date) AS from_date,
                   effective_date AS to_date,
                   EXP(SUM(LN(CAST(split_factor AS DOUBLE PRECISION))) OVER (PARTITION BY symbol ORDER BY effective_date DESC ROWS UNBOUNDED PRECEDING)) AS factor
            FROM market_data.fct_splits
            WHERE symbol = @symbol AND partition_date <= @as_of AND (superseded_by_partition IS NULL OR superseded_by_partition > @as_of)
        ),
        dividend_events AS (
            SELECT symbol, event_date AS ex_dividend_date, amount, prev_date, last_bar
            FROM (
                SELECT symbol, event_date, is_bar, amount,
                       MAX(CASE WHEN is_bar = 1 AND has_close = 1 THEN event_date END)
                           OVER (PARTITION BY symbol ORDER BY event_date, is_bar ROWS UNBOUNDED PRECEDING) AS prev_date,
                       MAX(CASE WHEN is_bar = 1 THEN event_date END) OVER (PARTITION BY symbol) AS last_bar
                FROM (
                    SELECT symbol, ex_dividend_date AS event_date, 0 AS is_bar, 0 AS has_close, SUM(amount) AS amount
                    FROM market_data.fct_dividends
                    WHERE symbol = @symbol AND partition_date <= @as_of AND (superseded_by_partition IS NULL OR superseded_by_partition > @as_of)
                    GROUP BY symbol, ex_dividend_date
                    UNION ALL
                    SELECT symbol, price_date, 1, CASE WHEN close IS NULL THEN 0 ELSE 1 END, CAST(NULL AS NUMERIC(18,6))
                    FROM prices
                ) dated
            ) ordered
            WHERE is_bar = 0
        ),
        dividend_ranges AS (
            SELECT symbol,
                   LAG(ex_dividend_date) OVER (PARTITION BY symbol ORDER BY ex_dividend_date) AS from_date,
                   ex_dividend_date AS to_date,
                   EXP(SUM(LN(1 - CAST(amount AS DOUBLE PRECISION) / prev_close)) OVER (PARTITION BY symbol ORDER BY ex_dividend_date DESC ROWS UNBOUNDED PRECEDING)) AS factor
            FROM (
                SELECT e.symbol, e.ex_dividend_date, e.amount, e.last_bar,
                       CAST(p.close AS DOUBLE PRECISION) * COALESCE(se.factor, 1) / COALESCE(sp.factor, 1) AS prev_close
                FROM dividend_events e
                LEFT JOIN prices p ON p.symbol = e.symbol AND p.price_date = e.prev_date
                LEFT JOIN split_ranges sp
                  ON sp.symbol = e.symbol AND (sp.from_date IS NULL OR e.prev_date >= sp.from_date) AND e.prev_date < sp.to_date
                LEFT JOIN split_ranges se
                  ON se.symbol = e.symbol AND (se.from_date IS NULL OR e.ex_dividend_date >= se.from_date) AND e.ex_dividend_date < se.to_date
            ) priced
            WHERE prev_close > CAST(amount AS DOUBLE PRECISION) AND last_bar >= ex_dividend_date
        )
        SELECT f.symbol, f.price_date, f."open", f.high, f.low, f.close, f.volume, f.provisional,
               COALESCE(s.factor, 1) AS split_factor,
               ROUND(CAST(f."open" / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS open_split_adjusted,
               ROUND(CAST(f.high / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS high_split_adjusted,
               ROUND(CAST(f.low / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS low_split_adjusted,
               ROUND(CAST(f.close / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS close_split_adjusted,
               CAST(ROUND(CAST(f.volume * COALESCE(s.factor, 1) AS NUMERIC(38,6)), 0) AS BIGINT) AS volume_split_adjusted,
               COALESCE(d.factor, 1) AS dividend_factor,
               ROUND(CAST(f.close / COALESCE(s.factor, 1) * COALESCE(d.factor, 1) AS NUMERIC(38,10)), 4) AS close_total_return
        FROM prices f
        LEFT JOIN split_ranges s
          ON s.symbol = f.symbol AND (s.from_date IS NULL OR f.price_date >= s.from_date) AND f.price_date < s.to_date
        LEFT JOIN dividend_ranges d
          ON d.symbol = f.symbol AND (d.from_date IS NULL OR f.price_date >= d.from_date) AND f.price_date < d.to_date
        ORDER BY f.price_date
        """;
}
