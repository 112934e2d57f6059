-- Revisions: a fact row's earlier values are kept, not overwritten (see sql/postgres/V004 for the model).
CREATE TABLE IF NOT EXISTS market_data.fct_stock_price_revisions (
    symbol                  VARCHAR(16)   NOT NULL,
    price_date              DATE          NOT NULL,
    "open"                  NUMERIC(18,4),
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
) DISTKEY (symbol) SORTKEY (superseded_by_partition);

-- Every version, current or not: as of landing date D, a version is the one known when
-- partition_date <= D AND (superseded_by_partition IS NULL OR superseded_by_partition > D).
CREATE OR REPLACE VIEW market_data.stock_price_versions AS
SELECT symbol, price_date, "open", high, low, close, volume, partition_date,
       CAST(NULL AS DATE) AS superseded_by_partition, source_key, source_version, run_id, loaded_at,
       CAST(NULL AS TIMESTAMPTZ) AS superseded_at
FROM market_data.fct_stock_prices
UNION ALL
SELECT symbol, price_date, "open", high, low, close, volume, partition_date,
       superseded_by_partition, source_key, source_version, run_id, loaded_at,
       superseded_at
FROM market_data.fct_stock_price_revisions;
