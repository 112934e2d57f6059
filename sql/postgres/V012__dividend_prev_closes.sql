-- The dividend factors cost what the day changed, not every dividend of every symbol.
-- Each current dividend's close before its ex-date (the last bar before the ex-date with a close) is kept in
-- dividend_prev_closes instead of being looked up by two primary-key probes per dividend on every read of the adjusted
-- view: at 500 symbols x 25 years that was 50,000 dividends and 100,000 probes, twice per curated run.
-- Triggers keep it in step with fct_dividends and fct_stock_prices inside the writing statement's transaction, so
-- every writer (the fact step, the out-of-order rebuild, the corporate actions, a hand-written fix) keeps it right.
-- A change of bars re-reads only the dividends whose close it can move: those after the symbol's earliest changed bar
-- whose recorded close is not after its latest changed bar (a bar between the recorded close and the ex-date, or the
-- recorded bar itself). A daily bar re-reads only dividends with a later ex-date.
-- A load of bars and a load of dividends may run at once (they hold different locks), and neither sees the other's
-- rows before it commits: each trigger first takes one lock, held to its commit, so the later one reads what the
-- earlier one wrote (each later statement in the trigger takes a fresh snapshot under READ COMMITTED).
-- Redshift has no triggers; its views keep their windowed form (one scan in sort-key order).
CREATE TABLE market_data.dividend_prev_closes (
    symbol           VARCHAR(16) NOT NULL,
    ex_dividend_date DATE        NOT NULL,
    prev_date        DATE,
    prev_close       NUMERIC(18,4),
    PRIMARY KEY (symbol, ex_dividend_date)
);

CREATE FUNCTION market_data.read_dividend_prev_close(p_symbol VARCHAR, p_ex_date DATE, OUT prev_date DATE, OUT prev_close NUMERIC)
LANGUAGE sql STABLE AS $$
    SELECT p.price_date, p.close FROM market_data.fct_stock_prices p
    WHERE p.symbol = p_symbol AND p.price_date < p_ex_date AND p.close IS NOT NULL
    ORDER BY p.price_date DESC LIMIT 1
$$;

-- The dividends a statement touched: their rows go, and come back for the (symbol, ex-date) pairs still current.
-- Each event's transition tables differ, so each branch only gathers the pairs; one statement acts on them.
CREATE FUNCTION market_data.dividends_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    symbols  VARCHAR[];
    ex_dates DATE[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('market_data.dividend_prev_closes'), 0);
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(symbol), array_agg(ex_dividend_date) INTO symbols, ex_dates
        FROM (SELECT DISTINCT symbol, ex_dividend_date FROM new_dividends) t;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(symbol), array_agg(ex_dividend_date) INTO symbols, ex_dates
        FROM (SELECT DISTINCT symbol, ex_dividend_date FROM old_dividends) t;
    ELSE
        SELECT array_agg(symbol), array_agg(ex_dividend_date) INTO symbols, ex_dates
        FROM (SELECT symbol, ex_dividend_date FROM new_dividends UNION SELECT symbol, ex_dividend_date FROM old_dividends) t;
    END IF;

    DELETE FROM market_data.dividend_prev_closes c
    USING unnest(symbols, ex_dates) AS a(symbol, ex_dividend_date)
    WHERE c.symbol = a.symbol AND c.ex_dividend_date = a.ex_dividend_date;

    INSERT INTO market_data.dividend_prev_closes (symbol, ex_dividend_date, prev_date, prev_close)
    SELECT a.symbol, a.ex_dividend_date, r.prev_date, r.prev_close
    FROM unnest(symbols, ex_dates) AS a(symbol, ex_dividend_date)
    CROSS JOIN LATERAL market_data.read_dividend_prev_close(a.symbol, a.ex_dividend_date) r
    WHERE EXISTS (SELECT 1 FROM market_data.fct_dividends d
                  WHERE d.symbol = a.symbol AND d.ex_dividend_date = a.ex_dividend_date AND d.superseded_by_partition IS NULL);
    RETURN NULL;
END
$$;

-- The bars a statement touched, as each symbol's earliest and latest changed date.
CREATE FUNCTION market_data.bars_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    symbols     VARCHAR[];
    first_dates DATE[];
    last_dates  DATE[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('market_data.dividend_prev_closes'), 0);
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(symbol), array_agg(first_date), array_agg(last_date) INTO symbols, first_dates, last_dates
        FROM (SELECT symbol, MIN(price_date) AS first_date, MAX(price_date) AS last_date FROM new_bars GROUP BY symbol) t;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(symbol), array_agg(first_date), array_agg(last_date) INTO symbols, first_dates, last_dates
        FROM (SELECT symbol, MIN(price_date) AS first_date, MAX(price_date) AS last_date FROM old_bars GROUP BY symbol) t;
    ELSE
        SELECT array_agg(symbol), array_agg(first_date), array_agg(last_date) INTO symbols, first_dates, last_dates
        FROM (SELECT symbol, MIN(price_date) AS first_date, MAX(price_date) AS last_date
              FROM (SELECT symbol, price_date FROM new_bars UNION ALL SELECT symbol, price_date FROM old_bars) b
              GROUP BY symbol) t;
    END IF;

    UPDATE market_data.dividend_prev_closes c
    SET prev_date = r.prev_date, prev_close = r.prev_close
    FROM unnest(symbols, first_dates, last_dates) AS b(symbol, first_date, last_date)
    CROSS JOIN LATERAL (
        SELECT k.ex_dividend_date FROM market_data.dividend_prev_closes k
        WHERE k.symbol = b.symbol AND k.ex_dividend_date > b.first_date AND (k.prev_date IS NULL OR k.prev_date <= b.last_date)
    ) a
    CROSS JOIN LATERAL market_data.read_dividend_prev_close(b.symbol, a.ex_dividend_date) r
    WHERE c.symbol = b.symbol AND c.ex_dividend_date = a.ex_dividend_date
      AND (c.prev_date IS DISTINCT FROM r.prev_date OR c.prev_close IS DISTINCT FROM r.prev_close);
    RETURN NULL;
END
$$;

-- TRUNCATE fires no row changes: the kept closes follow by hand.
CREATE FUNCTION market_data.bars_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('market_data.dividend_prev_closes'), 0);
    UPDATE market_data.dividend_prev_closes SET prev_date = NULL, prev_close = NULL;
    RETURN NULL;
END
$$;

CREATE FUNCTION market_data.dividends_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('market_data.dividend_prev_closes'), 0);
    DELETE FROM market_data.dividend_prev_closes;
    RETURN NULL;
END
$$;

CREATE TRIGGER dividends_inserted AFTER INSERT ON market_data.fct_dividends
    REFERENCING NEW TABLE AS new_dividends FOR EACH STATEMENT EXECUTE FUNCTION market_data.dividends_changed();
CREATE TRIGGER dividends_updated AFTER UPDATE ON market_data.fct_dividends
    REFERENCING OLD TABLE AS old_dividends NEW TABLE AS new_dividends FOR EACH STATEMENT EXECUTE FUNCTION market_data.dividends_changed();
CREATE TRIGGER dividends_deleted AFTER DELETE ON market_data.fct_dividends
    REFERENCING OLD TABLE AS old_dividends FOR EACH STATEMENT EXECUTE FUNCTION market_data.dividends_changed();
CREATE TRIGGER dividends_truncated AFTER TRUNCATE ON market_data.fct_dividends
    FOR EACH STATEMENT EXECUTE FUNCTION market_data.dividends_truncated();

CREATE TRIGGER bars_inserted AFTER INSERT ON market_data.fct_stock_prices
    REFERENCING NEW TABLE AS new_bars FOR EACH STATEMENT EXECUTE FUNCTION market_data.bars_changed();
CREATE TRIGGER bars_updated AFTER UPDATE ON market_data.fct_stock_prices
    REFERENCING OLD TABLE AS old_bars NEW TABLE AS new_bars FOR EACH STATEMENT EXECUTE FUNCTION market_data.bars_changed();
CREATE TRIGGER bars_deleted AFTER DELETE ON market_data.fct_stock_prices
    REFERENCING OLD TABLE AS old_bars FOR EACH STATEMENT EXECUTE FUNCTION market_data.bars_changed();
CREATE TRIGGER bars_truncated AFTER TRUNCATE ON market_data.fct_stock_prices
    FOR EACH STATEMENT EXECUTE FUNCTION market_data.bars_truncated();

INSERT INTO market_data.dividend_prev_closes (symbol, ex_dividend_date, prev_date, prev_close)
SELECT d.symbol, d.ex_dividend_date, r.prev_date, r.prev_close
FROM (SELECT DISTINCT symbol, ex_dividend_date FROM market_data.fct_dividends WHERE superseded_by_partition IS NULL) d
CROSS JOIN LATERAL market_data.read_dividend_prev_close(d.symbol, d.ex_dividend_date) r;

-- Same columns as before, one added at the end (the close itself, as traded).
CREATE OR REPLACE VIEW market_data.dividend_events AS
SELECT d.symbol, d.ex_dividend_date, d.amount, c.prev_date, s.last_bar, c.prev_close
FROM (
    SELECT symbol, ex_dividend_date, SUM(amount) AS amount
    FROM market_data.fct_dividends
    WHERE superseded_by_partition IS NULL
    GROUP BY symbol, ex_dividend_date
) d
JOIN market_data.dividend_prev_closes c ON c.symbol = d.symbol AND c.ex_dividend_date = d.ex_dividend_date
JOIN (
    SELECT l.symbol, (SELECT MAX(p.price_date) FROM market_data.fct_stock_prices p WHERE p.symbol = l.symbol) AS last_bar
    FROM market_data.fct_dividends l
    WHERE l.superseded_by_partition IS NULL
    GROUP BY l.symbol
) s ON s.symbol = d.symbol;

CREATE OR REPLACE VIEW market_data.dividend_closes AS
SELECT e.symbol, e.ex_dividend_date, e.amount, e.prev_date, e.last_bar,
       CAST(e.prev_close AS DOUBLE PRECISION) * COALESCE(se.factor, 1) / COALESCE(sp.factor, 1) AS prev_close
FROM market_data.dividend_events e
LEFT JOIN market_data.split_adjustment_ranges sp
  ON sp.symbol = e.symbol AND (sp.from_date IS NULL OR e.prev_date >= sp.from_date) AND e.prev_date < sp.to_date
LEFT JOIN market_data.split_adjustment_ranges se
  ON se.symbol = e.symbol AND (se.from_date IS NULL OR e.ex_dividend_date >= se.from_date) AND e.ex_dividend_date < se.to_date;
