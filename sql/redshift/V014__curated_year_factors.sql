-- curated_stock_prices writes a run's symbol-years from the factors it planned with, not through the adjusted view
-- (see the PostgreSQL V013): the view joins each bar with every split and dividend range of its symbol. These are the
-- ranges of each planned symbol-year that overlap that year, written by the plan and removed with it inside the
-- export's transaction; UNLOAD joins them to the bars on (symbol, year).
CREATE TABLE market_data.curated_year_factors (
    plan_id   VARCHAR(36)      NOT NULL,
    symbol    VARCHAR(16)      NOT NULL,
    year      INT              NOT NULL,
    kind      VARCHAR(16)      NOT NULL,
    from_date DATE,
    to_date   DATE             NOT NULL,
    factor    DOUBLE PRECISION NOT NULL
) DISTKEY (symbol) SORTKEY (plan_id, symbol, year);
