-- Run, materialization and check records of the asset graph.
CREATE SCHEMA IF NOT EXISTS market_meta;

CREATE TABLE IF NOT EXISTS market_meta.runs (
    run_id      VARCHAR(64)   PRIMARY KEY,
    job         VARCHAR(64)   NOT NULL,
    selection   VARCHAR(1024) NOT NULL,
    partitions  VARCHAR(4096) NOT NULL,
    started_at  TIMESTAMPTZ   NOT NULL,
    finished_at TIMESTAMPTZ,
    status      VARCHAR(16)   NOT NULL,
    error       VARCHAR(4096)
);

CREATE TABLE IF NOT EXISTS market_meta.materializations (
    run_id         VARCHAR(64)  NOT NULL,
    asset          VARCHAR(128) NOT NULL,
    partition_date DATE         NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    started_at     TIMESTAMPTZ  NOT NULL,
    finished_at    TIMESTAMPTZ  NOT NULL,
    data_version   VARCHAR(128),
    input_versions JSONB        NOT NULL,
    code_version   VARCHAR(32)  NOT NULL,
    metadata       JSONB        NOT NULL,
    error          VARCHAR(4096)
);
CREATE INDEX IF NOT EXISTS materializations_asset_partition
    ON market_meta.materializations (asset, partition_date, finished_at DESC);

CREATE TABLE IF NOT EXISTS market_meta.check_evaluations (
    run_id         VARCHAR(64)  NOT NULL,
    check_name     VARCHAR(128) NOT NULL,
    asset          VARCHAR(128) NOT NULL,
    partition_date DATE         NOT NULL,
    severity       VARCHAR(8)   NOT NULL,
    passed         BOOLEAN      NOT NULL,
    metadata       JSONB        NOT NULL,
    evaluated_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX IF NOT EXISTS check_evaluations_partition
    ON market_meta.check_evaluations (partition_date, check_name, evaluated_at DESC);
