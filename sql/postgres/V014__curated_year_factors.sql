-- curated_stock_prices writes a run's symbol-years from the factors it planned with, not through the adjusted view.
-- The view joins each bar with every split and dividend range of its symbol and keeps the one that holds its date (a
-- filter, not a key), so reading a year cost its bars times the symbol's ranges, and those grow with the history (25
-- years of quarterly dividends: a hundred ranges a symbol). These are the ranges of each planned symbol-year that
-- overlap that year (a handful), written by the plan and removed with it inside the export's transaction.
CREATE TABLE market_data.curated_year_factors (
    plan_id   VARCHAR(36)      NOT NULL,
    symbol    VARCHAR(16)      NOT NULL,
    year      INT              NOT NULL,
    kind      VARCHAR(16)      NOT NULL,
    from_date DATE,
    to_date   DATE             NOT NULL,
    factor    DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS curated_year_factors_plan ON market_data.curated_year_factors (plan_id, symbol, year);

-- The record of a run finds its snapshot by plan id; the recorded factors (plan_id NULL) stay out of this index.
CREATE INDEX IF NOT EXISTS curated_factors_plan ON market_data.curated_factors (plan_id) WHERE plan_id IS NOT NULL;
