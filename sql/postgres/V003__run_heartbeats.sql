-- A running job stamps its run every few seconds; a run whose stamp is old belongs to a process that is gone.
ALTER TABLE market_meta.runs ADD COLUMN heartbeat_at TIMESTAMPTZ;
