-- PostgreSQL keeps each dividend's close before its ex-date in a table its triggers maintain (see the PostgreSQL
-- V012), so a read of the adjusted view probes no bars per dividend. Redshift has no triggers and no index probes; its
-- dividend views keep their windowed form, one scan of the fact table in sort-key order. This version only records why.
COMMENT ON VIEW market_data.dividend_events IS 'Each current dividend with the last bar before its ex-date, by a window over the fact table (no trigger-kept closes on Redshift).';
