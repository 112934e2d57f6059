namespace MarketAspire.AssetGraph.Graph;

/// <summary>The MarketAspire asset graph: the single definition every orchestrator derives from.</summary>
public static class MarketAssets
{
    public static readonly AssetKey RawStockPrices = new("raw_stock_prices");
    public static readonly AssetKey RawCorporateActions = new("raw_corporate_actions");
    public static readonly AssetKey StagedStockPrices = new("staged_stock_prices");
    public static readonly AssetKey StgStockPrices = new("stg_stock_prices");
    public static readonly AssetKey FctStockPrices = new("fct_stock_prices");
    public static readonly AssetKey CuratedStockPrices = new("curated_stock_prices");
    public static readonly AssetKey FctSplits = new("fct_splits");
    public static readonly AssetKey FctDividends = new("fct_dividends");
    public static readonly AssetKey RawListingStatus = new("raw_listing_status");
    public static readonly AssetKey DimSecurities = new("dim_securities");

    public const string Extractor = "extractor";
    public const string Warehouse = "warehouse";
    public const string Quality = "quality";

    /// <summary>The lake's top-level prefixes: raw API responses, the files staged for COPY, and the analyst-ready Parquet.</summary>
    public const string RawPrefix = "raw/";
    public const string StagedPrefix = "staged/";
    public const string CuratedPrefix = "curated/";

    /// <summary>Where each lake asset lives under those prefixes.</summary>
    public const string RawStockPricesPrefix = RawPrefix + "stock_data/";
    public const string RawCorporateActionsPrefix = RawPrefix + "corporate_actions/";
    public const string RawListingStatusPrefix = RawPrefix + "listing_status/";
    public const string StagedStockPricesPrefix = StagedPrefix + "stock_prices/";
    public const string CuratedStockPricesPrefix = CuratedPrefix + "stock_prices/";

    /// <summary>The warehouse schema of the tables the assets write.</summary>
    public const string DataSchema = "market_data";

    /// <summary>OpenLineage events, when they go to the lake (JSON lines): every service may write them.</summary>
    public const string LineagePrefix = "lineage/";

    /// <summary>The graph, built on first use (after the keys and checks it names exist).</summary>
    public static AssetGraphDefinition Graph => Definition.Graph;

    private static AssetGraphDefinition Build() => new(
        [
            new ServiceDefinition(Extractor, "Extractor")
            {
                CallsMarketApi = true,
                WritesLake = [RawPrefix, LineagePrefix],
                WarehouseGrants =
                [
                    "GRANT USAGE ON SCHEMA market_meta TO {0}",
                    "GRANT SELECT, INSERT, UPDATE ON market_meta.runs TO {0}",

                    // SELECT too: a materialization's INSERT, retried after a broken connection, checks it is not there yet.
                    "GRANT SELECT, INSERT ON market_meta.materializations TO {0}",
                ],

                // One invocation extracts every symbol at the API's pace: 8 symbols at 5 a minute take about 2 minutes, retries more.
                Size = new ServiceSize(512, 15),
            },
            new ServiceDefinition(Warehouse, "Warehouse")
            {
                ReadsLake = [RawPrefix],
                WritesLake = [StagedPrefix, CuratedPrefix, LineagePrefix],

                // What a failed staging run left (files no manifest names), and a curated symbol's years it no longer
                // has and files of the earlier one-file-per-symbol layout.
                DeletesLake = [StagedPrefix, CuratedPrefix],
                PrepareCommand = "migrate",
                Size = new ServiceSize(3008, 15),
            },
            new ServiceDefinition(Quality, "Quality")
            {
                WritesLake = [LineagePrefix],
                WarehouseGrants =
                [
                    "GRANT USAGE ON SCHEMA market_meta TO {0}",
                    "GRANT USAGE ON SCHEMA market_data TO {0}",
                    "GRANT SELECT ON market_data.stg_stock_prices, market_data.fct_stock_prices, market_data.fct_stock_price_revisions, market_data.stock_price_versions TO {0}",
                    "GRANT SELECT ON market_data.fct_splits, market_data.fct_dividends, market_data.stock_prices_adjusted, market_data.stock_prices_split_adjusted TO {0}",
                    "GRANT SELECT ON market_meta.materializations TO {0}",
                    "GRANT SELECT, INSERT, UPDATE ON market_meta.runs TO {0}",
                    "GRANT SELECT, INSERT ON market_meta.check_evaluations TO {0}",
                    "GRANT SELECT ON market_data.dim_securities, market_data.securities_current TO {0}",
                    "GRANT SELECT ON market_data.stg_retention TO {0}",
                ],
            },
        ],
        [
            new AssetDefinition(RawStockPrices, [], Extractor,
                "Alpha Vantage TIME_SERIES_DAILY responses, byte-exact, one object per symbol per landing date.")
            {
                Location = AssetLocation.InLake(RawStockPricesPrefix),
            },
            new AssetDefinition(RawCorporateActions, [], Extractor,
                "Alpha Vantage SPLITS and DIVIDENDS responses, byte-exact, per symbol when its last ones are a week old.")
            {
                Location = AssetLocation.InLake(RawCorporateActionsPrefix),
            },
            new AssetDefinition(StagedStockPrices, [RawStockPrices], Warehouse,
                "Raw objects parsed, validated and flattened to gzip CSV files plus a COPY manifest and a rejects file.")
            {
                Location = AssetLocation.InLake(StagedStockPricesPrefix),
            },
            new AssetDefinition(StgStockPrices, [StagedStockPrices], Warehouse,
                "The partition's staged rows COPY-loaded into market_data.stg_stock_prices.")
            {
                Location = AssetLocation.InWarehouse(DataSchema, "stg_stock_prices"),
            },
            new AssetDefinition(FctStockPrices, [StgStockPrices], Warehouse,
                "market_data.fct_stock_prices: the current version of each bar, written per partition in one transaction; replaced versions kept in fct_stock_price_revisions.")
            {
                Location = AssetLocation.InWarehouse(DataSchema, "fct_stock_prices"),

                // The day's run starts at 17:30 (DailySchedule); its bars are normally in the fact table a few minutes later.
                Deadline = new FreshnessDeadline(new TimeOnly(18, 30), new TimeOnly(20, 0)),
            },
            new AssetDefinition(FctSplits, [RawCorporateActions], Warehouse,
                "market_data.fct_splits: one row per symbol and effective date; per symbol the latest landing date's list wins.")
            {
                Location = AssetLocation.InWarehouse(DataSchema, "fct_splits"),
            },
            new AssetDefinition(FctDividends, [RawCorporateActions], Warehouse,
                "market_data.fct_dividends: one row per symbol and ex-dividend date; per symbol the latest landing date's list wins.")
            {
                Location = AssetLocation.InWarehouse(DataSchema, "fct_dividends"),
            },
            new AssetDefinition(CuratedStockPrices, [FctStockPrices, FctSplits, FctDividends], Warehouse,
                "The current series of the partition's symbols, raw and adjusted, as Parquet in the lake, one folder per symbol (curated/stock_prices/symbol=SYMBOL/).")
            {
                Location = AssetLocation.InLake(CuratedStockPricesPrefix),
            },
            new AssetDefinition(RawListingStatus, [], Extractor,
                "Alpha Vantage LISTING_STATUS CSV lists (active and delisted), byte-exact, one request each per landing date.")
            {
                Location = AssetLocation.InLake(RawListingStatusPrefix),
            },
            new AssetDefinition(DimSecurities, [RawListingStatus], Warehouse,
                "market_data.dim_securities: one row per symbol, list and validity interval over landing dates; a changed name, exchange, type, IPO or delisting date is a new version.")
            {
                Location = AssetLocation.InWarehouse(DataSchema, "dim_securities"),
            },
        ],
        MarketChecks.All);

    // A nested class is initialized on first use: MarketChecks' definitions name MarketAssets' keys, so building the
    // graph in MarketAssets' own static initializer would see MarketChecks.All still null when MarketChecks comes first.
    private static class Definition
    {
        public static readonly AssetGraphDefinition Graph = Build();
    }
}
