-- Provisional bars: a landing fetched before the close holds the day's bar as it stood then (cumulative, still
-- changing). It is loaded marked provisional, never as final; the first landing after the close replaces it (the
-- provisional version stays in the history).
ALTER TABLE market_data.stg_stock_prices ADD COLUMN provisional BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE market_data.fct_stock_prices ADD COLUMN provisional BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE market_data.fct_stock_price_revisions ADD COLUMN provisional BOOLEAN NOT NULL DEFAULT FALSE;

DROP VIEW market_data.stock_price_versions;
CREATE VIEW market_data.stock_price_versions AS
SELECT symbol, price_date, "open", high, low, close, volume, provisional, partition_date,
       CAST(NULL AS DATE) AS superseded_by_partition, source_key, source_version, run_id, loaded_at,
       CAST(NULL AS TIMESTAMPTZ) AS superseded_at
FROM market_data.fct_stock_prices
UNION ALL
SELECT symbol, price_date, "open", high, low, close, volume, provisional, partition_date,
       superseded_by_partition, source_key, source_version, run_id, loaded_at,
       superseded_at
FROM market_data.fct_stock_price_revisions;
