-- The security master, from Alpha Vantage's LISTING_STATUS lists (active and delisted). Every landing date's list of
-- each state is registered; a list counts when it has at least one valid row (an empty or rejected answer keeps the
-- previous universe). A row's version holds from the first counted list of its state that shows it, unchanged, until
-- the first counted list of that state without it: a new name, exchange, type, IPO or delisting date is a new version.
CREATE TABLE IF NOT EXISTS market_data.listing_status_lists (
    list_state     VARCHAR(16)  NOT NULL,
    partition_date DATE         NOT NULL,
    outcome        VARCHAR(16)  NOT NULL,
    entries        INTEGER      NOT NULL,
    source_key     VARCHAR(512) NOT NULL,
    source_version VARCHAR(64)  NOT NULL,
    run_id         VARCHAR(64)  NOT NULL,
    loaded_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (list_state, partition_date)
);

-- valid_from / valid_until are landing dates (valid_until exclusive, NULL = still the latest counted list's row).
CREATE TABLE IF NOT EXISTS market_data.dim_securities (
    symbol         VARCHAR(16)  NOT NULL,
    security_name  VARCHAR(512) NOT NULL,
    exchange       VARCHAR(32)  NOT NULL,
    asset_type     VARCHAR(16)  NOT NULL,
    ipo_date       DATE,
    delisting_date DATE,
    listing_status VARCHAR(16)  NOT NULL,
    valid_from     DATE         NOT NULL,
    valid_until    DATE,
    source_key     VARCHAR(512) NOT NULL,
    source_version VARCHAR(64)  NOT NULL,
    run_id         VARCHAR(64)  NOT NULL,
    loaded_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (symbol, listing_status, valid_from)
);

-- The universe as both lists last stood on one common date: lists_as_of, the earlier of the two states' latest counted
-- list dates (a state with no counted list yet is left out). Each state's own latest list is not enough: on a day only
-- the active list lands, a symbol delisted that day has left it but is not yet in the latest delisted list, and would be
-- in neither. The universe as of a date D is these rows with ipo_date <= D and no delisting date on or before D
-- (docs/data.md; the README's example query).
CREATE VIEW market_data.securities_current AS
SELECT s.symbol, s.security_name, s.exchange, s.asset_type, s.ipo_date, s.delisting_date, s.listing_status, s.valid_from, s.source_key,
       c.lists_as_of
FROM market_data.dim_securities s
JOIN (
    SELECT min(l.latest) AS lists_as_of
    FROM (SELECT max(partition_date) AS latest FROM market_data.listing_status_lists WHERE outcome = 'list' GROUP BY list_state) l
) c ON s.valid_from <= c.lists_as_of AND (s.valid_until IS NULL OR s.valid_until > c.lists_as_of);

-- Ticker changes are not in the lists. A candidate, for a user to confirm, never applied: a delisted symbol whose
-- delisting date is the IPO date of another symbol with the same name (docs/data.md says what this cannot know).
CREATE VIEW market_data.ticker_change_candidates AS
SELECT d.symbol AS old_symbol, a.symbol AS new_symbol, d.security_name, d.delisting_date AS changed_on
FROM market_data.securities_current d
JOIN market_data.securities_current a
  ON a.security_name = d.security_name AND a.ipo_date = d.delisting_date AND a.symbol <> d.symbol
WHERE d.listing_status = 'Delisted';
