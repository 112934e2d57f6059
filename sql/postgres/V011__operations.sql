-- Operations: the freshness sensor's evaluations, each alert's state (one row per alert key: open or cleared), the
-- alerts no destination accepted after its retries, and what kind of failure ended a run (so an alert can tell a spent
-- quota or an abandoned run from any other failure without reading the error's text).
ALTER TABLE market_meta.runs ADD COLUMN failure_kind VARCHAR(16);

CREATE TABLE IF NOT EXISTS market_meta.sensor_evaluations (
    evaluated_at   TIMESTAMPTZ  NOT NULL,
    asset          VARCHAR(128) NOT NULL,
    partition_date DATE         NOT NULL,
    freshness      VARCHAR(8)   NOT NULL,
    overdue_since  TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS sensor_evaluations_asset_partition
    ON market_meta.sensor_evaluations (asset, partition_date, evaluated_at DESC);

CREATE TABLE IF NOT EXISTS market_meta.alerts (
    alert_key   VARCHAR(256)  PRIMARY KEY,
    kind        VARCHAR(32)   NOT NULL,
    severity    VARCHAR(8)    NOT NULL,
    summary     VARCHAR(1024) NOT NULL,
    alert_state VARCHAR(8)    NOT NULL,
    opened_at   TIMESTAMPTZ   NOT NULL,
    cleared_at  TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS market_meta.alert_dead_letters (
    destination VARCHAR(64)    NOT NULL,
    payload     JSONB          NOT NULL,
    attempts    INT            NOT NULL,
    last_error  VARCHAR(1024)  NOT NULL,
    failed_at   TIMESTAMPTZ    NOT NULL
);
