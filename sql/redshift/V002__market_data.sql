-- Staging and fact tables of daily stock prices. Redshift does not enforce keys: the uniqueness check does.
CREATE SCHEMA IF NOT EXISTS market_data;

CREATE TABLE IF NOT EXISTS market_data.stg_stock_prices (
    partition_date DATE          NOT NULL,
    symbol         VARCHAR(16)   NOT NULL,
    price_date     DATE          NOT NULL,
    "open"         NUMERIC(18,4),
    high           NUMERIC(18,4),
    low            NUMERIC(18,4),
    close          NUMERIC(18,4),
    volume         BIGINT,
    source_key     VARCHAR(512)  NOT NULL,
    source_version VARCHAR(64)   NOT NULL,
    run_id         VARCHAR(64)   NOT NULL
) DISTKEY (symbol) SORTKEY (partition_date);

CREATE TABLE IF NOT EXISTS market_data.fct_stock_prices (
    symbol         VARCHAR(16)   NOT NULL,
    price_date     DATE          NOT NULL,
    "open"         NUMERIC(18,4),
    high           NUMERIC(18,4),
    low            NUMERIC(18,4),
    close          NUMERIC(18,4),
    volume         BIGINT,
    partition_date DATE          NOT NULL,
    source_key     VARCHAR(512)  NOT NULL,
    source_version VARCHAR(64)   NOT NULL,
    run_id         VARCHAR(64)   NOT NULL,
    loaded_at      TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (symbol, price_date)
) DISTKEY (symbol) SORTKEY (price_date);
