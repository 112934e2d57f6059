-- Revisions: a fact row's earlier values are kept, not overwritten. fct_stock_prices stays the current version of
-- each (symbol, price_date); partition_date is the landing date that first delivered its values, and loaded_at the
-- load that made them current. A landing that changes a row moves the old version here, with the landing date
-- (superseded_by_partition) and load time (superseded_at) at which it stopped being current. A landing that
-- delivers the same values writes nothing.
CREATE TABLE IF NOT EXISTS market_data.fct_stock_price_revisions (
    symbol                  VARCHAR(16)   NOT NULL,
    price_date              DATE          NOT NULL,
    open                    NUMERIC(18,4),
    high                    NUMERIC(18,4),
    low                     NUMERIC(18,4),
    close                   NUMERIC(18,4),
    volume                  BIGINT,
    partition_date          DATE          NOT NULL,
    superseded_by_partition DATE          NOT NULL,
    source_key              VARCHAR(512)  NOT NULL,
    source_version          VARCHAR(64)   NOT NULL,
    run_id                  VARCHAR(64)   NOT NULL,
    loaded_at               TIMESTAMPTZ   NOT NULL,
    superseded_at           TIMESTAMPTZ   NOT NULL
);
CREATE INDEX IF NOT EXISTS fct_stock_price_revisions_key ON market_data.fct_stock_price_revisions (symbol, price_date);
CREATE INDEX IF NOT EXISTS fct_stock_price_revisions_superseded ON market_data.fct_stock_price_revisions (superseded_by_partition);

-- Every version, current or not: as of landing date D, a version is the one known when
-- partition_date <= D AND (superseded_by_partition IS NULL OR superseded_by_partition > D).
CREATE OR REPLACE VIEW market_data.stock_price_versions AS
SELECT symbol, price_date, open, high, low, close, volume, partition_date,
       CAST(NULL AS DATE) AS superseded_by_partition, source_key, source_version, run_id, loaded_at,
       CAST(NULL AS TIMESTAMPTZ) AS superseded_at
FROM market_data.fct_stock_prices
UNION ALL
SELECT symbol, price_date, open, high, low, close, volume, partition_date,
       superseded_by_partition, source_key, source_version, run_id, loaded_at,
       superseded_at
FROM market_data.fct_stock_price_revisions;
