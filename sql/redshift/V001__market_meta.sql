-- Run, materialization and check records of the asset graph (metadata as JSON text).
CREATE SCHEMA IF NOT EXISTS market_meta;

CREATE TABLE IF NOT EXISTS market_meta.runs (
    run_id      VARCHAR(64)   NOT NULL,
    job         VARCHAR(64)   NOT NULL,
    selection   VARCHAR(1024) NOT NULL,
    partitions  VARCHAR(4096) NOT NULL,
    started_at  TIMESTAMPTZ   NOT NULL,
    finished_at TIMESTAMPTZ,
    status      VARCHAR(16)   NOT NULL,
    error       VARCHAR(4096),
    PRIMARY KEY (run_id)
) DISTSTYLE ALL;

CREATE TABLE IF NOT EXISTS market_meta.materializations (
    run_id         VARCHAR(64)    NOT NULL,
    asset          VARCHAR(128)   NOT NULL,
    partition_date DATE           NOT NULL,
    status         VARCHAR(16)    NOT NULL,
    started_at     TIMESTAMPTZ    NOT NULL,
    finished_at    TIMESTAMPTZ    NOT NULL,
    data_version   VARCHAR(128),
    input_versions VARCHAR(65535) NOT NULL,
    code_version   VARCHAR(32)    NOT NULL,
    metadata       VARCHAR(65535) NOT NULL,
    error          VARCHAR(4096)
) DISTSTYLE ALL SORTKEY (asset, partition_date);

CREATE TABLE IF NOT EXISTS market_meta.check_evaluations (
    run_id         VARCHAR(64)    NOT NULL,
    check_name     VARCHAR(128)   NOT NULL,
    asset          VARCHAR(128)   NOT NULL,
    partition_date DATE           NOT NULL,
    severity       VARCHAR(8)     NOT NULL,
    passed         BOOLEAN        NOT NULL,
    metadata       VARCHAR(65535) NOT NULL,
    evaluated_at   TIMESTAMPTZ    NOT NULL
) DISTSTYLE ALL SORTKEY (partition_date, check_name);
