namespace MarketAspire.AssetGraph.Graph;

/// <summary>The MarketAspire asset graph: the single definition every orchestrator derives from.</summary>
public static class MarketAssets
{
    public static readonly AssetKey RawStockPrices = new("raw_stock_prices");
    public static readonly AssetKey StagedStockPrices = new("staged_stock_prices");
    public static readonly AssetKey StgStockPrices = new("stg_stock_prices");
    public static readonly AssetKey FctStockPrices = new("fct_stock_prices");

    public const string Extractor = "extractor";
    public const string Warehouse = "warehouse";
    public const string Quality = "quality";

    public static AssetGraphDefinition Graph { get; } = new(
        [
            new ServiceDefinition(Extractor, "Extractor"),
            new ServiceDefinition(Warehouse, "Warehouse"),
            new ServiceDefinition(Quality, "Quality"),
        ],
        [
            new AssetDefinition(RawStockPrices, [], Extractor,
                "Alpha Vantage TIME_SERIES_DAILY responses, byte-exact, one object per symbol per landing date."),
            new AssetDefinition(StagedStockPrices, [RawStockPrices], Warehouse,
                "Raw objects parsed, validated and flattened to gzip CSV files plus a COPY manifest and a rejects file."),
            new AssetDefinition(StgStockPrices, [StagedStockPrices], Warehouse,
                "The partition's staged rows COPY-loaded into market_data.stg_stock_prices."),
            new AssetDefinition(FctStockPrices, [StgStockPrices], Warehouse,
                "market_data.fct_stock_prices, replaced per partition with an atomic DELETE-INSERT."),
        ],
        [
            new AssetCheckDefinition("completeness", FctStockPrices, CheckSeverity.Error, Quality, "No NULL in any price column."),
            new AssetCheckDefinition("validity", FctStockPrices, CheckSeverity.Error, Quality, "Prices > 0, volume >= 0, no date after the landing date."),
            new AssetCheckDefinition("zero_volume", FctStockPrices, CheckSeverity.Warn, Quality, "Trading days with a volume of 0."),
            new AssetCheckDefinition("freshness", FctStockPrices, CheckSeverity.Error, Quality, "Every symbol has the latest expected NYSE trading day."),
            new AssetCheckDefinition("uniqueness", FctStockPrices, CheckSeverity.Error, Quality, "One row per (symbol, price_date)."),
            new AssetCheckDefinition("ohlc_consistency", FctStockPrices, CheckSeverity.Warn, Quality, "low <= open, close <= high."),
            new AssetCheckDefinition("reconciliation", FctStockPrices, CheckSeverity.Error, Quality, "raw rows = staged + rejected, and every staged row is in the fact table."),
            new AssetCheckDefinition("price_jump", FctStockPrices, CheckSeverity.Warn, Quality, "Close moves more than the threshold from the previous trading day."),
        ]);
}
