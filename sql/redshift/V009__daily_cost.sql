-- The daily run costs what the day brings, not what the warehouse holds.
-- * The adjusted views keep their windowed form here: on Redshift a window over the fact table is a scan in sort-key
--   order, and correlated lookups would be decorrelated into a join of every dividend with every earlier bar.
-- * curated_stock_prices is written per symbol and year (curated/stock_prices/symbol=S/year=Y/); a run rewrites the
--   years whose bars it changed, and every year of a symbol whose adjustment factors changed. These are the factors
--   each symbol's files were last written with (kind 'split' or 'dividend'; one 'layout' row marks a symbol written in
--   this layout), compared with the current ones to find the symbols to rewrite whole.
CREATE TABLE market_data.curated_factors (
    symbol    VARCHAR(16)      NOT NULL,
    kind      VARCHAR(16)      NOT NULL,
    from_date DATE,
    to_date   DATE,
    factor    DOUBLE PRECISION NOT NULL
) DISTKEY (symbol) SORTKEY (symbol);

-- The symbol-years a partition's curated run rewrites, kept until the next run of that partition replaces them: the
-- UNLOAD reads them, and a failed run's are simply made again.
CREATE TABLE market_data.curated_years (
    partition_date DATE        NOT NULL,
    symbol         VARCHAR(16) NOT NULL,
    year           INT         NOT NULL,
    PRIMARY KEY (partition_date, symbol, year)
) DISTKEY (symbol) SORTKEY (partition_date, symbol, year);
