-- Staging keeps the landing dates the revision and out-of-order rules can still need, and no more.
-- The fact step rebuilds a key's versions from every landing date that staged it; a landing date older than the
-- retention window (WAREHOUSE_STAGING_RETENTION_DAYS before the newest landing date loaded) is frozen instead: its rows
-- leave staging, and the rebuild reads what they said from the versions they made (each run of equal values at its
-- first landing date, in fct_stock_prices and fct_stock_price_revisions). A frozen landing date can no longer be
-- loaded or re-run. frozen_before only moves forward; its first value freezes nothing.
CREATE TABLE market_data.stg_retention (
    frozen_before DATE NOT NULL
);

INSERT INTO market_data.stg_retention (frozen_before) VALUES ('0001-01-01');

-- Landing dates staged whose fact step has not applied them yet: the line stops before the oldest, so no landing date
-- is frozen with rows the versions do not hold yet (a job that failed between its COPY and its fact step).
CREATE TABLE market_data.stg_pending (
    partition_date DATE NOT NULL
);
