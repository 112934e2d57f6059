-- The trace of a run (W3C trace id, 32 hex digits), so the catalog can link a run to its trace in the dashboard.
ALTER TABLE market_meta.runs ADD COLUMN trace_id VARCHAR(32);
