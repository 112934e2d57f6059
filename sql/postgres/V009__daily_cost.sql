-- The daily run costs what the day brings, not what the warehouse holds.
-- * A dividend's close and the series' last bar are looked up through the fact table's primary key (two index probes
--   per dividend, one per symbol for its last bar) instead of a window over every bar of every dividend-paying symbol:
--   the adjusted view's cost follows the number of dividends, and a query for one symbol reads only that symbol's.
--   Same columns, same meaning: the last bar with a close strictly before the ex-date, and the last bar of the series.
CREATE OR REPLACE VIEW market_data.dividend_events AS
SELECT d.symbol, d.ex_dividend_date, d.amount,
       (SELECT MAX(p.price_date) FROM market_data.fct_stock_prices p
        WHERE p.symbol = d.symbol AND p.price_date < d.ex_dividend_date AND p.close IS NOT NULL) AS prev_date,
       s.last_bar
FROM (
    SELECT symbol, ex_dividend_date, SUM(amount) AS amount
    FROM market_data.fct_dividends
    WHERE superseded_by_partition IS NULL
    GROUP BY symbol, ex_dividend_date
) d
JOIN (
    -- Grouped, so the probe runs once per symbol rather than once per dividend after the join.
    SELECT l.symbol, (SELECT MAX(p.price_date) FROM market_data.fct_stock_prices p WHERE p.symbol = l.symbol) AS last_bar
    FROM market_data.fct_dividends l
    WHERE l.superseded_by_partition IS NULL
    GROUP BY l.symbol
) s ON s.symbol = d.symbol;

-- The close before each ex-date is joined on prev_date once, and the split range of that bar found from the joined
-- bar's date: each mention of prev_date would otherwise run its probe again.
CREATE OR REPLACE VIEW market_data.dividend_closes AS
SELECT e.symbol, e.ex_dividend_date, e.amount, p.price_date AS prev_date, e.last_bar,
       CAST(p.close AS DOUBLE PRECISION) * COALESCE(se.factor, 1) / COALESCE(sp.factor, 1) AS prev_close
FROM market_data.dividend_events e
LEFT JOIN market_data.fct_stock_prices p ON p.symbol = e.symbol AND p.price_date = e.prev_date
LEFT JOIN market_data.split_adjustment_ranges sp
  ON sp.symbol = e.symbol AND (sp.from_date IS NULL OR p.price_date >= sp.from_date) AND p.price_date < sp.to_date
LEFT JOIN market_data.split_adjustment_ranges se
  ON se.symbol = e.symbol AND (se.from_date IS NULL OR e.ex_dividend_date >= se.from_date) AND e.ex_dividend_date < se.to_date;

-- * curated_stock_prices is written per symbol and year (curated/stock_prices/symbol=S/year=Y/); a run rewrites the
--   years whose bars it changed, and every year of a symbol whose adjustment factors changed. These are the factors
--   each symbol's files were last written with (kind 'split' or 'dividend'; one 'layout' row marks a symbol written in
--   this layout), compared with the current ones to find the symbols to rewrite whole. Rows with a plan_id are a
--   running export's snapshot of them, recorded (plan_id set to NULL) once its files are written.
CREATE TABLE market_data.curated_factors (
    plan_id   VARCHAR(36),
    symbol    VARCHAR(16)      NOT NULL,
    kind      VARCHAR(16)      NOT NULL,
    from_date DATE,
    to_date   DATE,
    factor    DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS curated_factors_symbol ON market_data.curated_factors (symbol);

-- The symbol-years a curated run rewrites, under the id of its attempt, written and removed inside the export's
-- transaction (a failed attempt leaves none).
CREATE TABLE market_data.curated_years (
    plan_id        VARCHAR(36) NOT NULL,
    partition_date DATE        NOT NULL,
    symbol         VARCHAR(16) NOT NULL,
    year           INT         NOT NULL,
    PRIMARY KEY (plan_id, symbol, year)
);

-- * The split-adjusted series on its own, for what needs no dividend factors (price_jump): a query of it computes no
--   dividend ranges. stock_prices_adjusted is rebuilt on it, so each adjusted column keeps one definition.
CREATE VIEW market_data.stock_prices_split_adjusted AS
SELECT f.symbol, f.price_date, f."open", f.high, f.low, f.close, f.volume, f.provisional,
       COALESCE(s.factor, 1) AS split_factor,
       ROUND(CAST(f."open" / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS open_split_adjusted,
       ROUND(CAST(f.high / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS high_split_adjusted,
       ROUND(CAST(f.low / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS low_split_adjusted,
       ROUND(CAST(f.close / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS close_split_adjusted,
       CAST(ROUND(CAST(f.volume * COALESCE(s.factor, 1) AS NUMERIC(38,6)), 0) AS BIGINT) AS volume_split_adjusted
FROM market_data.fct_stock_prices f
LEFT JOIN market_data.split_adjustment_ranges s
  ON s.symbol = f.symbol AND (s.from_date IS NULL OR f.price_date >= s.from_date) AND f.price_date < s.to_date;

CREATE OR REPLACE VIEW market_data.stock_prices_adjusted AS
SELECT a.symbol, a.price_date, a."open", a.high, a.low, a.close, a.volume, a.provisional,
       a.split_factor, a.open_split_adjusted, a.high_split_adjusted, a.low_split_adjusted, a.close_split_adjusted,
       a.volume_split_adjusted,
       COALESCE(d.factor, 1) AS dividend_factor,
       ROUND(CAST(a.close / a.split_factor * COALESCE(d.factor, 1) AS NUMERIC(38,10)), 4) AS close_total_return
FROM market_data.stock_prices_split_adjusted a
LEFT JOIN market_data.dividend_adjustment_ranges d
  ON d.symbol = a.symbol AND (d.from_date IS NULL OR a.price_date >= d.from_date) AND a.price_date < d.to_date;
