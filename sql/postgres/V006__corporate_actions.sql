-- Corporate actions, kept apart from the raw prices: fct_stock_prices stays as traded, and adjusted prices are
-- computed when read, so a new split re-adjusts all history without reloading it. Per symbol, the latest landing
-- date's list is the truth (Alpha Vantage sends a symbol's whole history on every request).
CREATE TABLE IF NOT EXISTS market_data.fct_splits (
    symbol         VARCHAR(16)   NOT NULL,
    effective_date DATE          NOT NULL,
    split_factor   NUMERIC(18,6) NOT NULL,
    partition_date DATE          NOT NULL,
    source_key     VARCHAR(512)  NOT NULL,
    source_version VARCHAR(64)   NOT NULL,
    run_id         VARCHAR(64)   NOT NULL,
    loaded_at      TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (symbol, effective_date)
);

CREATE TABLE IF NOT EXISTS market_data.fct_dividends (
    symbol           VARCHAR(16)   NOT NULL,
    ex_dividend_date DATE          NOT NULL,
    amount           NUMERIC(18,6) NOT NULL,
    declaration_date DATE,
    record_date      DATE,
    payment_date     DATE,
    partition_date   DATE          NOT NULL,
    source_key       VARCHAR(512)  NOT NULL,
    source_version   VARCHAR(64)   NOT NULL,
    run_id           VARCHAR(64)   NOT NULL,
    loaded_at        TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (symbol, ex_dividend_date)
);

-- Back-adjustment from the latest date. Each split's range of price dates [from_date, to_date) (from_date NULL: since
-- the first bar) gets the product of the factors of that split and every later one: a price before a 4:1 split is
-- divided by 4. Products are EXP(SUM(LN(...))): neither engine has a product aggregate.
CREATE VIEW market_data.split_adjustment_ranges AS
SELECT symbol,
       LAG(effective_date) OVER (PARTITION BY symbol ORDER BY effective_date) AS from_date,
       effective_date AS to_date,
       CAST(EXP(SUM(LN(split_factor)) OVER (PARTITION BY symbol ORDER BY effective_date DESC ROWS UNBOUNDED PRECEDING)) AS NUMERIC(24,12)) AS factor
FROM market_data.fct_splits;

-- Each dividend's factor is 1 - amount / the raw close of the trading day before its ex-date (both as traded then, so
-- splits do not matter); prices before an ex-date are multiplied by the product of the factors from it on. A dividend
-- whose ex-date has no bar, or whose amount is not below that close, adjusts nothing.
CREATE VIEW market_data.dividend_adjustment_ranges AS
SELECT symbol,
       LAG(ex_dividend_date) OVER (PARTITION BY symbol ORDER BY ex_dividend_date) AS from_date,
       ex_dividend_date AS to_date,
       CAST(EXP(SUM(LN(1 - amount / prev_close)) OVER (PARTITION BY symbol ORDER BY ex_dividend_date DESC ROWS UNBOUNDED PRECEDING)) AS NUMERIC(24,12)) AS factor
FROM (
    SELECT d.symbol, d.ex_dividend_date, d.amount, p.prev_close
    FROM market_data.fct_dividends d
    JOIN (
        SELECT symbol, price_date, LAG(close) OVER (PARTITION BY symbol ORDER BY price_date) AS prev_close
        FROM market_data.fct_stock_prices
    ) p ON p.symbol = d.symbol AND p.price_date = d.ex_dividend_date
    WHERE p.prev_close > d.amount
) priced;

-- Raw (as traded) OHLCV, split-adjusted OHLCV, and the total-return close (splits and dividends), per symbol and date.
CREATE VIEW market_data.stock_prices_adjusted AS
SELECT f.symbol, f.price_date, f."open", f.high, f.low, f.close, f.volume, f.provisional,
       COALESCE(s.factor, 1) AS split_factor,
       ROUND(f."open" / COALESCE(s.factor, 1), 4) AS open_split_adjusted,
       ROUND(f.high / COALESCE(s.factor, 1), 4) AS high_split_adjusted,
       ROUND(f.low / COALESCE(s.factor, 1), 4) AS low_split_adjusted,
       ROUND(f.close / COALESCE(s.factor, 1), 4) AS close_split_adjusted,
       CAST(ROUND(f.volume * COALESCE(s.factor, 1), 0) AS BIGINT) AS volume_split_adjusted,
       COALESCE(d.factor, 1) AS dividend_factor,
       ROUND(f.close / COALESCE(s.factor, 1) * COALESCE(d.factor, 1), 4) AS close_total_return
FROM market_data.fct_stock_prices f
LEFT JOIN market_data.split_adjustment_ranges s
  ON s.symbol = f.symbol AND (s.from_date IS NULL OR f.price_date >= s.from_date) AND f.price_date < s.to_date
LEFT JOIN market_data.dividend_adjustment_ranges d
  ON d.symbol = f.symbol AND (d.from_date IS NULL OR f.price_date >= d.from_date) AND f.price_date < d.to_date;
