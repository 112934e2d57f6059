-- Point in time. The warehouse is a function of the lake, whatever order its landing dates load in:
-- * price versions are runs of equal values over the landing dates that staged a key (see WarehouseSql); a version's
--   live landing-date range starts at partition_date, so the fact step finds a landing date's versions by that column;
-- * corporate actions keep their history like the prices: every landing date's list is registered, and each split or
--   dividend is a version current over the landing dates whose lists held it;
-- * factors are DOUBLE PRECISION: LN() of a DECIMAL is leader-node only on Redshift, and decades of reverse splits
--   reach factors far below what NUMERIC(24,12) keeps.

DROP VIEW market_data.stock_prices_adjusted;
DROP VIEW market_data.dividend_adjustment_ranges;
DROP VIEW market_data.split_adjustment_ranges;

-- One row per landing date and symbol whose SPLITS or DIVIDENDS list the warehouse loaded. outcome: 'list' (it holds
-- valid entries and is the symbol's list from that landing date on), 'empty' (no valid entry: it withdraws nothing),
-- 'rejected' (an error body or a malformed object).
CREATE TABLE market_data.corporate_action_lists (
    symbol         VARCHAR(16)  NOT NULL,
    list_name      VARCHAR(16)  NOT NULL,
    partition_date DATE         NOT NULL,
    outcome        VARCHAR(16)  NOT NULL,
    entries        INT          NOT NULL,
    source_key     VARCHAR(512) NOT NULL,
    source_version VARCHAR(64)  NOT NULL,
    run_id         VARCHAR(64)  NOT NULL,
    loaded_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (symbol, list_name, partition_date)
) DISTKEY (symbol) SORTKEY (symbol, list_name, partition_date);

-- What was loaded before keeps its meaning: each symbol's list, from the landing date that delivered it. The old rows
-- wait in temp tables while the tables are made again (no ALTER TABLE ... RENAME inside the migration's transaction).
CREATE TEMP TABLE splits_before_v008 AS SELECT * FROM market_data.fct_splits;
CREATE TEMP TABLE dividends_before_v008 AS SELECT * FROM market_data.fct_dividends;
INSERT INTO market_data.corporate_action_lists (symbol, list_name, partition_date, outcome, entries, source_key, source_version, run_id, loaded_at)
SELECT symbol, 'splits', partition_date, 'list', count(*), MIN(source_key), MIN(source_version), MIN(run_id), MIN(loaded_at)
FROM splits_before_v008 GROUP BY symbol, partition_date;
INSERT INTO market_data.corporate_action_lists (symbol, list_name, partition_date, outcome, entries, source_key, source_version, run_id, loaded_at)
SELECT symbol, 'dividends', partition_date, 'list', count(*), MIN(source_key), MIN(source_version), MIN(run_id), MIN(loaded_at)
FROM dividends_before_v008 GROUP BY symbol, partition_date;
DROP TABLE market_data.fct_splits;
DROP TABLE market_data.fct_dividends;

-- Versions: a split or dividend is current as of landing date D when partition_date <= D AND
-- (superseded_by_partition IS NULL OR superseded_by_partition > D); the current lists are the rows with no successor.
CREATE TABLE market_data.fct_splits (
    symbol                  VARCHAR(16)   NOT NULL,
    effective_date          DATE          NOT NULL,
    split_factor            NUMERIC(38,18) NOT NULL,
    partition_date          DATE          NOT NULL,
    superseded_by_partition DATE,
    source_key              VARCHAR(512)  NOT NULL,
    source_version          VARCHAR(64)   NOT NULL,
    run_id                  VARCHAR(64)   NOT NULL,
    loaded_at               TIMESTAMPTZ   NOT NULL
) DISTKEY (symbol) SORTKEY (symbol, effective_date);

CREATE TABLE market_data.fct_dividends (
    symbol                  VARCHAR(16)   NOT NULL,
    ex_dividend_date        DATE          NOT NULL,
    amount                  NUMERIC(18,6) NOT NULL,
    declaration_date        DATE,
    record_date             DATE,
    payment_date            DATE,
    partition_date          DATE          NOT NULL,
    superseded_by_partition DATE,
    source_key              VARCHAR(512)  NOT NULL,
    source_version          VARCHAR(64)   NOT NULL,
    run_id                  VARCHAR(64)   NOT NULL,
    loaded_at               TIMESTAMPTZ   NOT NULL
) DISTKEY (symbol) SORTKEY (symbol, ex_dividend_date);

INSERT INTO market_data.fct_splits (symbol, effective_date, split_factor, partition_date, superseded_by_partition, source_key, source_version, run_id, loaded_at)
SELECT symbol, effective_date, split_factor, partition_date, NULL, source_key, source_version, run_id, loaded_at FROM splits_before_v008;
INSERT INTO market_data.fct_dividends (symbol, ex_dividend_date, amount, declaration_date, record_date, payment_date, partition_date, superseded_by_partition, source_key, source_version, run_id, loaded_at)
SELECT symbol, ex_dividend_date, amount, declaration_date, record_date, payment_date, partition_date, NULL, source_key, source_version, run_id, loaded_at FROM dividends_before_v008;
DROP TABLE splits_before_v008;
DROP TABLE dividends_before_v008;

-- Back-adjustment from the latest date, over the current splits. Each split's range of price dates [from_date, to_date)
-- (from_date NULL: since the first bar) gets the product of the factors of that split and every later one.
CREATE VIEW market_data.split_adjustment_ranges AS
SELECT symbol,
       LAG(effective_date) OVER (PARTITION BY symbol ORDER BY effective_date) AS from_date,
       effective_date AS to_date,
       EXP(SUM(LN(CAST(split_factor AS DOUBLE PRECISION))) OVER (PARTITION BY symbol ORDER BY effective_date DESC ROWS UNBOUNDED PRECEDING)) AS factor
FROM market_data.fct_splits
WHERE superseded_by_partition IS NULL;

-- Each ex-date of the current dividends (the amounts of one date summed: a regular and a special dividend are both
-- paid), with the last bar before it that has a close (prev_date; a gap before the ex-date is bridged) and the last bar
-- of the series (a declared dividend adjusts nothing until a bar on or after its ex-date exists). On equal dates the
-- dividend sorts before the bar, so a bar on the ex-date is never "before" it.
CREATE VIEW market_data.dividend_events AS
SELECT symbol, event_date AS ex_dividend_date, amount, prev_date, last_bar
FROM (
    SELECT symbol, event_date, is_bar, amount,
           MAX(CASE WHEN is_bar = 1 AND has_close = 1 THEN event_date END)
               OVER (PARTITION BY symbol ORDER BY event_date, is_bar ROWS UNBOUNDED PRECEDING) AS prev_date,
           MAX(CASE WHEN is_bar = 1 THEN event_date END) OVER (PARTITION BY symbol) AS last_bar
    FROM (
        SELECT symbol, ex_dividend_date AS event_date, 0 AS is_bar, 0 AS has_close, SUM(amount) AS amount
        FROM market_data.fct_dividends
        WHERE superseded_by_partition IS NULL
        GROUP BY symbol, ex_dividend_date
        UNION ALL
        SELECT symbol, price_date, 1, CASE WHEN close IS NULL THEN 0 ELSE 1 END, CAST(NULL AS NUMERIC(18,6))
        FROM market_data.fct_stock_prices
        WHERE symbol IN (SELECT symbol FROM market_data.fct_dividends)
    ) dated
) ordered
WHERE is_bar = 0;

-- The close a dividend is measured against: the last close before the ex-date, on the ex-date's share basis (times
-- the split factor of the ex-date over that of the close's date: a 4:1 split and a dividend on the same day measure the
-- dividend against a quarter of the day before's close). NULL when no bar with a close precedes the ex-date.
CREATE VIEW market_data.dividend_closes AS
SELECT e.symbol, e.ex_dividend_date, e.amount, e.prev_date, e.last_bar,
       CAST(p.close AS DOUBLE PRECISION) * COALESCE(se.factor, 1) / COALESCE(sp.factor, 1) AS prev_close
FROM market_data.dividend_events e
LEFT JOIN market_data.fct_stock_prices p ON p.symbol = e.symbol AND p.price_date = e.prev_date
LEFT JOIN market_data.split_adjustment_ranges sp
  ON sp.symbol = e.symbol AND (sp.from_date IS NULL OR e.prev_date >= sp.from_date) AND e.prev_date < sp.to_date
LEFT JOIN market_data.split_adjustment_ranges se
  ON se.symbol = e.symbol AND (se.from_date IS NULL OR e.ex_dividend_date >= se.from_date) AND e.ex_dividend_date < se.to_date;

-- Prices before an ex-date are multiplied by the product of (1 - amount / that close) of it and every later ex-date.
-- A dividend with no close before it, no bar on or after it yet, or an amount not below the close adjusts nothing.
CREATE VIEW market_data.dividend_adjustment_ranges AS
SELECT symbol,
       LAG(ex_dividend_date) OVER (PARTITION BY symbol ORDER BY ex_dividend_date) AS from_date,
       ex_dividend_date AS to_date,
       EXP(SUM(LN(1 - CAST(amount AS DOUBLE PRECISION) / prev_close)) OVER (PARTITION BY symbol ORDER BY ex_dividend_date DESC ROWS UNBOUNDED PRECEDING)) AS factor
FROM market_data.dividend_closes
WHERE prev_close > CAST(amount AS DOUBLE PRECISION) AND last_bar >= ex_dividend_date;

-- Raw (as traded) OHLCV, split-adjusted OHLCV, and the total-return close (splits and dividends), per symbol and date.
CREATE VIEW market_data.stock_prices_adjusted AS
SELECT f.symbol, f.price_date, f."open", f.high, f.low, f.close, f.volume, f.provisional,
       COALESCE(s.factor, 1) AS split_factor,
       ROUND(CAST(f."open" / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS open_split_adjusted,
       ROUND(CAST(f.high / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS high_split_adjusted,
       ROUND(CAST(f.low / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS low_split_adjusted,
       ROUND(CAST(f.close / COALESCE(s.factor, 1) AS NUMERIC(38,10)), 4) AS close_split_adjusted,
       CAST(ROUND(CAST(f.volume * COALESCE(s.factor, 1) AS NUMERIC(38,6)), 0) AS BIGINT) AS volume_split_adjusted,
       COALESCE(d.factor, 1) AS dividend_factor,
       ROUND(CAST(f.close / COALESCE(s.factor, 1) * COALESCE(d.factor, 1) AS NUMERIC(38,10)), 4) AS close_total_return
FROM market_data.fct_stock_prices f
LEFT JOIN market_data.split_adjustment_ranges s
  ON s.symbol = f.symbol AND (s.from_date IS NULL OR f.price_date >= s.from_date) AND f.price_date < s.to_date
LEFT JOIN market_data.dividend_adjustment_ranges d
  ON d.symbol = f.symbol AND (d.from_date IS NULL OR f.price_date >= d.from_date) AND f.price_date < d.to_date;
